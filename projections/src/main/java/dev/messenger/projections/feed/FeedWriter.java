package dev.messenger.projections.feed;

import dev.messenger.projections.support.MemberSets;
import dev.messenger.projections.support.ProcessingBatch;
import dev.messenger.projections.support.RedisLossProbe;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The feed's writes to Redis. One Lua script per user makes "skip if already applied, take the next
 * position, append, publish" atomic, so positions are gapless and strictly increasing, a redelivered
 * event appends nothing, and a live subscriber sees an entry only after it is stored.
 *
 * <p>The writes of one processing batch (entries, message bodies, member changes) queue in one
 * pipeline that goes out after the batch's last event ({@link ProcessingBatch}): a backlog of a
 * hundred events costs one round trip, not three per event. The members of every conversation in a batch are
 * read together, once, and the batch's own member changes apply to that copy. Outside a processing batch
 * every write goes out at once. Each queued write is idempotent, so a batch retried after a partly
 * sent pipeline converges.
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

    /** Prefix of the applied-sequence field of second entries ({@link #appendSecond}). */
    private static final String SECOND_ENTRY = "2/";

    private final RedissonClient redis;
    private final long retention;
    private final MemberSets members;
    private final RedisLossProbe lossProbe;
    private volatile String appendSha;

    /** One batch's queued writes and its view of conversation members. */
    private final class Pending implements ProcessingBatch.PendingWrites {
        RBatch pipeline;
        final Map<String, Set<String>> members = new HashMap<>();
        /** Bodies put (a value) or removed (null) in this batch, by conversation and message id: not in Redis yet. */
        final Map<List<String>, String> bodies = new HashMap<>();
        boolean membersRead;
        boolean queued;

        Pending(RBatch pipeline) {
            this.pipeline = pipeline;
        }

        @Override
        public void flush() {
            FeedWriter.this.flush(this);
        }

        /** Drops the unsent commands, and the member copies they changed (read again from Redis). */
        @Override
        public void discard() {
            pipeline.discard();
            pipeline = redis.createBatch(BatchOptions.defaults());
            queued = false;
            members.clear();
            bodies.clear();
            membersRead = false;
        }
    }

    public FeedWriter(RedissonClient redis, @Value("${messenger.feed.retention:10000}") long retention, RedisLossProbe lossProbe) {
        this.redis = redis;
        this.lossProbe = lossProbe;
        this.retention = retention;
        this.members = new MemberSets(redis, "feed-members");
    }

    /** Appends one entry to each user's feed; {@code sequence} is the event's aggregate sequence number. */
    public void append(Collection<String> userIds, String conversationId, long sequence, String type, String json) {
        append(userIds, conversationId, sequence, type, json, json, "");
    }

    /** Appends an entry for one user's own devices of an event of no conversation ({@code aggregateId}: its aggregate). */
    public void appendOwn(String userId, String aggregateId, long sequence, String type, String json) {
        appendEach(Map.of(userId, json), "", aggregateId, sequence, type, json, "");
    }

    /**
     * Appends a second entry for an event that already has one (a group change's service item next to its
     * {@code participant.*} entry): the same sequence, counted apart, so that neither entry makes the other look applied.
     */
    public void appendSecond(Collection<String> userIds, String conversationId, long sequence, String type, String json) {
        Map<String, String> live = new java.util.LinkedHashMap<>();
        userIds.forEach(userId -> live.put(userId, json));
        appendEach(live, conversationId, SECOND_ENTRY + conversationId, sequence, type, json, "");
    }

    /**
     * Appends an entry whose message body is kept by reference: {@code storedJson} lacks the body that
     * {@code liveJson} (published to open streams) carries; replays read it from {@link FeedKeys#bodies}.
     */
    public void append(Collection<String> userIds, String conversationId, long sequence, String type, String storedJson,
                       String liveJson, String messageId) {
        Map<String, String> live = new java.util.LinkedHashMap<>();
        userIds.forEach(userId -> live.put(userId, liveJson));
        appendEach(live, conversationId, sequence, type, storedJson, messageId);
    }

    /** Like {@link #append(Collection, String, long, String, String, String, String)}, with what open streams get per user. */
    public void appendEach(Map<String, String> liveJsonByUser, String conversationId, long sequence, String type, String storedJson,
                           String messageId) {
        appendEach(liveJsonByUser, conversationId, conversationId, sequence, type, storedJson, messageId);
    }

    private void appendEach(Map<String, String> liveJsonByUser, String conversationId, String appliedKey, long sequence, String type,
                            String storedJson, String messageId) {
        if (liveJsonByUser.isEmpty()) {
            return;
        }
        String sha = appendSha();
        Pending pending = pending();
        liveJsonByUser.forEach((userId, liveJson) -> pending.pipeline.getScript(StringCodec.INSTANCE).evalShaAsync(FeedKeys.stream(userId),
                RScript.Mode.READ_WRITE, sha, RScript.ReturnType.INTEGER,
                List.of(FeedKeys.stream(userId), FeedKeys.position(userId), FeedKeys.applied(userId)),
                appliedKey, String.valueOf(sequence), String.valueOf(retention), type, storedJson, FeedKeys.channel(userId),
                liveJson, conversationId, messageId));
        queued(pending);
    }

    /** Keeps (or replaces) a message's body, which feed entries refer to. */
    public void putBody(String conversationId, String messageId, String body) {
        Pending pending = pending();
        pending.pipeline.<String, String>getMap(FeedKeys.bodies(conversationId), StringCodec.INSTANCE).fastPutAsync(messageId, body);
        pending.bodies.put(List.of(conversationId, messageId), body);
        queued(pending);
    }

    /** Keeps the file a message carries ({@code media} JSON), which its entries refer to like its body. */
    public void putFile(String conversationId, String messageId, String mediaJson) {
        Pending pending = pending();
        pending.pipeline.<String, String>getMap(FeedKeys.bodies(conversationId), StringCodec.INSTANCE)
                .fastPutAsync(FeedKeys.fileOf(messageId), mediaJson);
        queued(pending);
    }

    /** Forgets a deleted message's body and file: every replay of its entries then shows it deleted. */
    public void removeBody(String conversationId, String messageId) {
        Pending pending = pending();
        pending.pipeline.<String, String>getMap(FeedKeys.bodies(conversationId), StringCodec.INSTANCE)
                .fastRemoveAsync(messageId, FeedKeys.fileOf(messageId));
        pending.bodies.put(List.of(conversationId, messageId), null);
        queued(pending);
    }

    /**
     * A message's current body as entries refer to it (this batch's changes included): null once deleted, or never kept
     * (the feed was trimmed or rebuilt since). One read of Redis when this batch did not write it.
     */
    public String findBody(String conversationId, String messageId) {
        Pending pending = pending();
        List<String> key = List.of(conversationId, messageId);
        if (pending.bodies.containsKey(key)) {
            return pending.bodies.get(key);
        }
        return redis.<String, String>getMap(FeedKeys.bodies(conversationId), StringCodec.INSTANCE).get(messageId);
    }

    /** The conversation's members as of the event being handled (including this batch's changes). */
    public Set<String> members(String conversationId) {
        return Set.copyOf(members(pending(), conversationId));
    }

    public void addMembers(String conversationId, Collection<String> userIds) {
        Pending pending = pending();
        members(pending, conversationId).addAll(userIds);
        members.add(pending.pipeline, conversationId, userIds);
        queued(pending);
    }

    public void removeMember(String conversationId, String userId) {
        Pending pending = pending();
        members(pending, conversationId).remove(userId);
        members.remove(pending.pipeline, conversationId, userId);
        queued(pending);
    }

    /** Forgets every member copy (the feed's reset). */
    public void deleteMembers() {
        members.deleteAll();
    }

    /** After a Redis restart the script cache is empty: load it again on the next append. */
    public void forgetScript() {
        appendSha = null;
    }

    /** The first look in a batch reads the members of every conversation in it, in one round trip. */
    private Set<String> members(Pending pending, String conversationId) {
        if (!pending.membersRead) {
            pending.membersRead = true;
            Set<String> ids = new LinkedHashSet<>(ProcessingBatch.aggregateIds());
            ids.add(conversationId);
            ids.removeAll(pending.members.keySet());
            members.of(ids).forEach((id, set) -> pending.members.putIfAbsent(id, new HashSet<>(set)));
        }
        return pending.members.computeIfAbsent(conversationId, c -> new HashSet<>(members.of(c)));
    }

    private Pending pending() {
        return ProcessingBatch.resource(FeedWriter.class.getName(), () -> new Pending(redis.createBatch(BatchOptions.defaults())));
    }

    private void queued(Pending pending) {
        pending.queued = true;
        if (!ProcessingBatch.isActive()) {
            flush(pending);
        }
    }

    private void flush(Pending pending) {
        if (!pending.queued) {
            return;
        }
        pending.queued = false;
        pending.bodies.clear();
        RBatch pipeline = pending.pipeline;
        pending.pipeline = redis.createBatch(BatchOptions.defaults());
        org.redisson.api.RFuture<Long> probe = lossProbe.queue(pipeline);
        try {
            pipeline.execute();
            lossProbe.observed(probe);
        } catch (org.redisson.client.RedisException e) {
            if (String.valueOf(e.getMessage()).contains("NOSCRIPT")) {
                forgetScript(); // Redis restarted without our script; the processor retries the batch
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
}
