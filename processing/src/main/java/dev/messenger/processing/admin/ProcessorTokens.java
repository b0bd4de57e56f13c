package dev.messenger.processing.admin;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import dev.messenger.processing.ProjectionTokenStores;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.GenericTokenEntry;
import org.axonframework.serialization.Serializer;
import org.bson.Document;
import org.bson.types.Binary;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads where a processor's segments are, straight from its token store and without claiming them:
 * Axon's {@code TokenStore.fetchToken} claims the segment it reads, so a listing through it would
 * steal segments from the nodes processing them. Blocking: call it off the event loop.
 */
@Component
public class ProcessorTokens {

    private final JdbcTemplate jdbc;
    private final MongoClient mongo;
    private final String mongoDatabase;
    private final Serializer serializer;

    public ProcessorTokens(JdbcTemplate jdbc, MongoClient mongo, @Value("${spring.data.mongodb.uri}") String mongoUri,
                           @Qualifier("serializer") Serializer serializer) {
        this.jdbc = jdbc;
        this.mongo = mongo;
        this.mongoDatabase = ProjectionTokenStores.databaseName(mongoUri);
        this.serializer = serializer;
    }

    /**
     * Where a processor is: its lowest segment position, and whether it is replaying (a segment has not
     * yet passed the position its tokens were reset at), with the highest such position.
     */
    public record Position(long position, boolean replaying, long resetAt, int segments) {

        /** Replay progress in percent, or null when not replaying. */
        public Integer progress() {
            return replaying && resetAt > 0 ? (int) Math.min(100, position * 100 / resetAt) : null;
        }
    }

    public Position position(String processor) {
        List<TrackingToken> tokens = read(processor);
        long position = tokens.isEmpty() ? 0 : Long.MAX_VALUE;
        long resetAt = -1;
        boolean replaying = false;
        for (TrackingToken token : tokens) {
            // a replay token's own position is not where the replay is: its current token is
            long at = position(token instanceof ReplayToken replay ? replay.getCurrentToken() : token);
            position = Math.min(position, at);
            if (token instanceof ReplayToken replay) {
                long target = position(replay.getTokenAtReset());
                // a replay ends when the segment passes the position it was reset at (Axon keeps the
                // replay token until the next event after it; a quiet log would show it replaying forever)
                if (at < target) {
                    replaying = true;
                    resetAt = Math.max(resetAt, target);
                }
            }
        }
        return new Position(position, replaying, resetAt, tokens.size());
    }

    /** The token of every segment (null where a segment has not processed anything yet). */
    public List<TrackingToken> read(String processor) {
        List<TrackingToken> tokens = new ArrayList<>();
        if (ProjectionTokenStores.MONGODB_GROUPS.contains(processor)) {
            for (Document entry : mongo.getDatabase(mongoDatabase).getCollection("trackingtokens")
                    .find(Filters.eq("processorName", processor))) {
                Binary token = entry.get("token", Binary.class);
                tokens.add(token(token == null ? null : token.getData(), entry.getString("tokenType"), processor,
                        entry.getInteger("segment")));
            }
        } else {
            jdbc.query("select segment, token, tokentype from tokenentry where processorname = ?",
                    row -> {
                        tokens.add(token(row.getBytes("token"), row.getString("tokentype"), processor, row.getInt("segment")));
                    }, processor);
        }
        return tokens;
    }

    private TrackingToken token(byte[] data, String type, String processor, int segment) {
        if (data == null) {
            return null;
        }
        return new GenericTokenEntry<>(data, type, java.time.Instant.EPOCH.toString(), null, processor, segment, byte[].class).getToken(serializer);
    }

    public static long position(TrackingToken token) {
        if (token == null) {
            return 0;
        }
        OptionalLong position = token.position();
        return position.isPresent() ? position.getAsLong() : 0;
    }
}
