package dev.messenger.projections.feed;

import java.util.Collection;
import java.util.List;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Appends entries to users' feeds. One Lua script per user makes "skip if already applied, take the
 * next position, append, publish" atomic, so positions are gapless and strictly increasing, a
 * redelivered event appends nothing, and a live subscriber sees an entry only after it is stored.
 */
@Component
public class FeedWriter {

    private static final String APPEND = """
            local applied = redis.call('HGET', KEYS[3], ARGV[1])
            if applied and tonumber(applied) >= tonumber(ARGV[2]) then return 0 end
            redis.call('HSET', KEYS[3], ARGV[1], ARGV[2])
            local n = redis.call('INCR', KEYS[2])
            redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[3], n .. '-1', 't', ARGV[4], 'd', ARGV[5], 'c', ARGV[8], 'm', ARGV[9])
            redis.call('PUBLISH', ARGV[6], n .. '\\n' .. ARGV[4] .. '\\n' .. ARGV[7])
            return n
            """;

    private final RedissonClient redis;
    private final long retention;
    private volatile String appendSha;

    public FeedWriter(RedissonClient redis, @Value("${messenger.feed.retention:10000}") long retention) {
        this.redis = redis;
        this.retention = retention;
    }

    /** Appends one entry to each user's feed, pipelined; {@code sequence} is the event's aggregate sequence number. */
    public void append(Collection<String> userIds, String conversationId, long sequence, String type, String json) {
        append(userIds, conversationId, sequence, type, json, json, "");
    }

    /**
     * Appends an entry whose message body is kept by reference: {@code storedJson} lacks the body that
     * {@code liveJson} (published to open streams) carries; replays read it from {@link FeedKeys#bodies}.
     */
    public void append(Collection<String> userIds, String conversationId, long sequence, String type, String storedJson,
                       String liveJson, String messageId) {
        if (userIds.isEmpty()) {
            return;
        }
        String sha = appendSha();
        RBatch batch = redis.createBatch(BatchOptions.defaults());
        for (String userId : userIds) {
            batch.getScript(StringCodec.INSTANCE).evalShaAsync(FeedKeys.stream(userId), RScript.Mode.READ_WRITE, sha,
                    RScript.ReturnType.INTEGER,
                    List.of(FeedKeys.stream(userId), FeedKeys.position(userId), FeedKeys.applied(userId)),
                    conversationId, String.valueOf(sequence), String.valueOf(retention), type, storedJson, FeedKeys.channel(userId),
                    liveJson, conversationId, messageId);
        }
        try {
            batch.execute();
        } catch (org.redisson.client.RedisException e) {
            if (String.valueOf(e.getMessage()).contains("NOSCRIPT")) {
                forgetScript(); // Redis restarted without our script; the processor retries the event
            }
            throw e;
        }
    }

    private String appendSha() {
        String sha = appendSha;
        if (sha == null) {
            sha = redis.getScript(StringCodec.INSTANCE).scriptLoad(APPEND);
            appendSha = sha;
        }
        return sha;
    }

    /** After a Redis restart the script cache is empty: load it again on the next append. */
    public void forgetScript() {
        appendSha = null;
    }
}
