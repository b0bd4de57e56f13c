package dev.messenger.realtime.presence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.messenger.events.privacy.Visibility;
import dev.messenger.projections.privacy.PrivacyKeys;
import dev.messenger.query.privacy.PrivacyQueries;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.redisson.api.RScript;
import org.redisson.api.RedissonReactiveClient;
import org.redisson.client.codec.StringCodec;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Who is online, in Redis: per user a sorted set of live connections (open streams, heartbeats) scored
 * by when each expires, the last-seen time, and the status last announced to contacts. A connection
 * that is not refreshed (its gateway died) simply expires.
 */
@Component
public class PresenceTracker {

    /**
     * KEYS: connections, lastSeen, announced; ARGV: connection, now, expiresAt, connectionsTtlMs, announcedTtlMs.
     * Returns 1 when the user just came online. The announcement outlives the connections by the grace
     * period only, so after a crash (no release) the next connection is announced again.
     */
    private static final String TOUCH = """
            redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
            redis.call('PEXPIRE', KEYS[1], ARGV[4])
            redis.call('SET', KEYS[2], ARGV[2])
            local before = redis.call('GETSET', KEYS[3], 'online')
            redis.call('PEXPIRE', KEYS[3], ARGV[5])
            if before == 'online' then return 0 end
            return 1
            """;

    /** KEYS: connections, lastSeen, announced; ARGV: connection, now. Returns 1 when the user just went offline. */
    private static final String RELEASE = """
            if ARGV[1] ~= '' then redis.call('ZREM', KEYS[1], ARGV[1]) end
            if redis.call('ZCOUNT', KEYS[1], ARGV[2], '+inf') > 0 then return 0 end
            local before = redis.call('GET', KEYS[3])
            redis.call('SET', KEYS[3], 'offline')
            if before == 'online' then
              redis.call('SET', KEYS[2], ARGV[2])
              return 1
            end
            return 0
            """;

    private final RedissonReactiveClient redis;
    private final PresenceProperties properties;
    private final Contacts contacts;
    private final PrivacyQueries privacy;
    private final EphemeralEvents ephemeral;
    private final ObjectMapper json;

    public PresenceTracker(RedissonReactiveClient redis, PresenceProperties properties, Contacts contacts, PrivacyQueries privacy,
                           EphemeralEvents ephemeral, ObjectMapper json) {
        this.redis = redis;
        this.properties = properties;
        this.contacts = contacts;
        this.privacy = privacy;
        this.ephemeral = ephemeral;
        this.json = json;
    }

    /** Registers or refreshes a connection (a stream, or "heartbeat"); announces the user online if they were not. */
    public Mono<Void> touch(String userId, String connection) {
        long now = System.currentTimeMillis();
        long ttl = properties.ttl().toMillis();
        return redis.getScript(StringCodec.INSTANCE).<Long>eval(connections(userId), RScript.Mode.READ_WRITE, TOUCH,
                        RScript.ReturnType.INTEGER, List.of(connections(userId), lastSeen(userId), announced(userId)),
                        connection, String.valueOf(now), String.valueOf(now + ttl), String.valueOf(2 * ttl),
                        String.valueOf(ttl + properties.grace().toMillis()))
                .flatMap(cameOnline -> cameOnline == 1 ? announce(userId, true, now) : Mono.empty());
    }

    /** Drops a connection; after the grace period, announces the user offline if nothing else keeps them online. */
    public Mono<Void> release(String userId, String connection) {
        return redis.getScoredSortedSet(connections(userId), StringCodec.INSTANCE).remove(connection)
                .then(Mono.delay(properties.grace()))
                .then(Mono.defer(() -> {
                    long now = System.currentTimeMillis();
                    return redis.getScript(StringCodec.INSTANCE).<Long>eval(connections(userId), RScript.Mode.READ_WRITE, RELEASE,
                                    RScript.ReturnType.INTEGER, List.of(connections(userId), lastSeen(userId), announced(userId)),
                                    "", String.valueOf(now))
                            .flatMap(wentOffline -> wentOffline == 1 ? announce(userId, false, now) : Mono.empty());
                }));
    }

    public record Observed(boolean online, Instant lastSeen, PrivacyQueries.Settings privacy) {
    }

    /** Each user's presence, last seen and privacy settings (not yet applied), in one pipelined Redis call. */
    public Mono<Map<String, Observed>> observe(List<String> userIds) {
        long now = System.currentTimeMillis();
        var batch = redis.createBatch();
        for (String userId : userIds) {
            batch.getScoredSortedSet(connections(userId), StringCodec.INSTANCE).count(now, true, Double.POSITIVE_INFINITY, true);
            batch.getBucket(lastSeen(userId), StringCodec.INSTANCE).get();
            batch.getBucket(PrivacyKeys.key(userId), StringCodec.INSTANCE).get();
        }
        batch.getBucket(PrivacyKeys.COMPLETE, StringCodec.INSTANCE).isExists();
        return batch.execute().map(result -> {
            Map<String, Observed> observed = new LinkedHashMap<>();
            boolean complete = Boolean.TRUE.equals(result.getResponses().get(3 * userIds.size()));
            for (int i = 0; i < userIds.size(); i++) {
                int connections = ((Number) result.getResponses().get(3 * i)).intValue();
                Object seen = result.getResponses().get(3 * i + 1);
                Object privacySettings = result.getResponses().get(3 * i + 2);
                observed.put(userIds.get(i), new Observed(connections > 0,
                        seen == null ? null : Instant.ofEpochMilli(Long.parseLong(seen.toString())),
                        PrivacyQueries.parse(privacySettings == null ? null : privacySettings.toString(), complete)));
            }
            return observed;
        });
    }

    /** presence.changed to the contacts who may see it (by the user's presence setting), not to blocked ones. */
    private Mono<Void> announce(String userId, boolean online, long at) {
        return privacy.findSettings(userId).flatMap(settings -> {
            if (settings.presence() == Visibility.NOBODY) {
                return Mono.empty();
            }
            return contacts.findVisibleContacts(userId).flatMap(audience -> {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("userId", userId);
                data.put("status", online ? "online" : "offline");
                data.put("lastSeen", settings.lastSeen() == Visibility.NOBODY ? null : Instant.ofEpochMilli(at));
                return ephemeral.publish(audience, "presence.changed", write(data));
            });
        });
    }

    private String write(Object data) {
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String connections(String userId) {
        return "presence:{" + userId + "}:connections";
    }

    private static String lastSeen(String userId) {
        return "presence:{" + userId + "}:seen";
    }

    private static String announced(String userId) {
        return "presence:{" + userId + "}:announced";
    }
}
