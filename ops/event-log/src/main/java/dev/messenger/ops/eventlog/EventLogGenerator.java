package dev.messenger.ops.eventlog;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.messenger.events.conversation.ConversationStarted;
import dev.messenger.events.conversation.ConversationType;
import dev.messenger.events.message.MessageDeleted;
import dev.messenger.events.message.MessageEdited;
import dev.messenger.events.message.MessageSent;
import dev.messenger.events.message.SealedBody;
import dev.messenger.events.reaction.ReactionAdded;
import dev.messenger.events.receipt.MessagesDelivered;
import dev.messenger.events.receipt.MessagesRead;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import dev.messenger.ops.cli.Progress;
import java.util.List;
import picocli.CommandLine;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.axonframework.serialization.Revision;

/**
 * Appends a realistic event log straight to the event store, for measuring rebuilds and exports:
 * direct and group conversations of generated users, in which people send (three in four events),
 * read, get deliveries, react, edit and delete, every event valid for its aggregate (gapless
 * sequences, edits and deletes by the sender, nothing done to a deleted message). Deterministic for a
 * seed; the conversation ids carry a run prefix, so runs never collide.
 *
 * <pre>ops/messenger generate-log N [seed]</pre> (DATABASE_URL; a running gateway projects everything appended)
 */
public final class EventLogGenerator {

    private static final int BATCH = 1000;
    private static final String[] WORDS = ("deploy release meeting coffee lunch weekend project review server database cluster "
            + "ticket budget travel flight hotel photo birthday party game team weather holiday music movie book idea "
            + "problem launch price order call note report deadline office schedule doctor").split(" ");
    private static final String[] EMOJI = {"\uD83D\uDC4D", "\u2764\uFE0F", "\uD83D\uDE02", "\uD83D\uDE2E"};

    private final ObjectMapper json = EventLogDatabase.objectMapper();
    private final Random random;
    private final String run;
    private final List<Conversation> conversations = new ArrayList<>();
    private Instant clock = Instant.parse("2026-01-01T00:00:00Z");

    public EventLogGenerator(long seed) {
        this.random = new Random(seed);
        this.run = Long.toString(seed, 36) + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static final class Conversation {
        final String id;
        final List<String> members;
        long sequence = -1;
        long lastSeq;
        final Set<Long> deleted = new HashSet<>();

        Conversation(String id, List<String> members) {
            this.id = id;
            this.members = members;
        }

        /** Who sent message {@code seq}: derived, so nothing per message is kept in memory. */
        String senderOf(long seq) {
            return members.get((int) Math.floorMod(seq * 31 + id.hashCode(), members.size()));
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Command()).execute(args));
    }

    /** {@code ops/messenger generate-log}. */
    @CommandLine.Command(name = "generate-log", mixinStandardHelpOptions = true,
            description = "Append a realistic generated event log to the event store (DATABASE_URL, DATABASE_USER, DATABASE_PASSWORD), "
                    + "to measure rebuilds: direct chats and groups, messages, receipts, reactions, edits and deletes.")
    public static final class Command implements java.util.concurrent.Callable<Integer> {
        @CommandLine.Parameters(index = "0", arity = "0..1", paramLabel = "N", defaultValue = "1000000",
                converter = Count.class, description = "how many events (default ${DEFAULT-VALUE}; 1_000_000 reads as 1000000)")
        long events;
        @CommandLine.Parameters(index = "1", arity = "0..1", paramLabel = "SEED", defaultValue = "1",
                description = "the random seed: the same seed, the same log (default ${DEFAULT-VALUE})")
        long seed;

        @Override
        public Integer call() throws Exception {
            try (Connection connection = EventLogDatabase.connect()) {
                new EventLogGenerator(seed).append(connection, events, true);
            }
            return 0;
        }
    }

    /** A count that may group its digits with underscores, as Java literals do. */
    static final class Count implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            long count = Long.parseLong(value.replace("_", ""));
            if (count < 1) {
                throw new CommandLine.TypeConversionException("at least 1");
            }
            return count;
        }
    }

    /** Appends {@code count} events in batches of a thousand, one transaction each. */
    public void append(Connection connection, long count, boolean progress) throws Exception {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        Progress shown = progress ? new Progress("generate-log", "events", 0) : null;
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO domainevententry (aggregateidentifier, sequencenumber,"
                + " type, eventidentifier, metadata, payload, payloadrevision, payloadtype, timestamp)"
                + " VALUES (?, ?, 'Conversation', ?, ?, ?, ?, ?, ?)");
             PreparedStatement insertKey = connection.prepareStatement("INSERT INTO message_key (message_id, sender_id, key_bytes,"
                     + " conversation_id, seq) VALUES (?, ?, ?, ?, ?) ON CONFLICT (message_id) DO NOTHING");
             PreparedStatement destroyKey = connection.prepareStatement("DELETE FROM message_key WHERE message_id = ?")) {
            byte[] metadata = "{}".getBytes(StandardCharsets.UTF_8);
            int conversationsWanted = (int) Math.max(1, count / 50);
            for (long i = 0; i < count; i++) {
                clock = clock.plusMillis(1 + random.nextInt(500));
                Conversation conversation;
                Object event;
                if (conversations.size() < conversationsWanted && (conversations.isEmpty() || random.nextInt(50) == 0)) {
                    conversation = start();
                    event = new ConversationStarted(conversation.id, conversation.members.size() == 2 ? ConversationType.DIRECT
                            : ConversationType.GROUP, conversation.members.size() == 2 ? null : "Group " + conversations.size(),
                            conversation.members.get(0), conversation.members, clock);
                } else {
                    conversation = conversations.get(random.nextInt(conversations.size()));
                    event = next(conversation);
                }
                conversation.sequence++;
                insert.setString(1, conversation.id);
                insert.setLong(2, conversation.sequence);
                insert.setString(3, UUID.randomUUID().toString());
                insert.setBytes(4, metadata);
                insert.setBytes(5, json.writeValueAsBytes(sealed(event, insertKey, destroyKey)));
                insert.setString(6, event.getClass().getAnnotation(Revision.class).value());
                insert.setString(7, event.getClass().getName());
                insert.setString(8, clock.toString());
                insert.addBatch();
                if ((i + 1) % BATCH == 0 || i + 1 == count) {
                    insertKey.executeBatch();
                    insert.executeBatch();
                    destroyKey.executeBatch();
                    connection.commit();
                    if (shown != null) {
                        shown.show(i + 1, count);
                    }
                }
            }
            if (shown != null) {
                shown.done(String.format("%,d events appended", count));
            }
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /**
     * The event as the gateway stores it: a body sealed under its message's key, the key stored (a delete destroys it).
     * Generated keys come from the run and the message id, so the generator keeps none in memory: test data only.
     */
    private Object sealed(Object event, PreparedStatement insertKey, PreparedStatement destroyKey) throws SQLException {
        if (event instanceof MessageSent sent) {
            byte[] key = keyOf(sent.messageId());
            insertKey.setString(1, sent.messageId());
            insertKey.setString(2, sent.senderId());
            insertKey.setBytes(3, key);
            insertKey.setString(4, sent.conversationId());
            insertKey.setLong(5, sent.seq());
            insertKey.addBatch();
            return new MessageSent(sent.conversationId(), sent.messageId(), sent.seq(), sent.senderId(),
                    SealedBody.seal(sent.body(), sent.messageId(), key), sent.clientMessageId(), sent.replyTo(), sent.sentAt());
        }
        if (event instanceof MessageEdited edited) {
            return new MessageEdited(edited.conversationId(), edited.messageId(), edited.seq(), edited.senderId(),
                    SealedBody.seal(edited.body(), edited.messageId(), keyOf(edited.messageId())), edited.editedAt());
        }
        if (event instanceof MessageDeleted deleted) {
            destroyKey.setString(1, deleted.messageId());
            destroyKey.addBatch();
        }
        return event;
    }

    private byte[] keyOf(String messageId) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest((run + "/" + messageId).getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Conversation start() {
        int size = random.nextInt(3) == 0 ? 3 + random.nextInt(6) : 2;
        List<String> members = new ArrayList<>();
        while (members.size() < size) {
            String user = "u-gen-" + run + "-" + random.nextInt(Math.max(10, conversations.size() * 2 + 10));
            if (!members.contains(user)) {
                members.add(user);
            }
        }
        Conversation conversation = new Conversation((size == 2 ? "d-gen-" : "g-gen-") + run + "-" + conversations.size(), members);
        conversations.add(conversation);
        return conversation;
    }

    private Object next(Conversation c) {
        int dice = random.nextInt(100);
        String member = c.members.get(random.nextInt(c.members.size()));
        if (c.lastSeq == 0 || dice < 75) {
            long seq = ++c.lastSeq;
            return new MessageSent(c.id, messageId(c, seq), seq, c.senderOf(seq), sentence(), "cm-" + seq, null, clock);
        }
        if (dice < 85) {
            return new MessagesRead(c.id, member, 1 + (long) random.nextInt((int) c.lastSeq), clock);
        }
        if (dice < 92) {
            return new MessagesDelivered(c.id, member, c.lastSeq, clock);
        }
        long seq = 1 + (long) random.nextInt((int) c.lastSeq);
        if (c.deleted.contains(seq)) {
            return new MessagesDelivered(c.id, member, c.lastSeq, clock);
        }
        if (dice < 96) {
            return new ReactionAdded(c.id, messageId(c, seq), seq, member, EMOJI[random.nextInt(EMOJI.length)], clock);
        }
        if (dice < 98) {
            return new MessageEdited(c.id, messageId(c, seq), seq, c.senderOf(seq), sentence() + " (edited)", clock);
        }
        c.deleted.add(seq);
        return new MessageDeleted(c.id, messageId(c, seq), seq, c.senderOf(seq), clock);
    }

    private static String messageId(Conversation c, long seq) {
        return "m-" + c.id + "-" + seq;
    }

    private String sentence() {
        int length = 3 + random.nextInt(10);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(i == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
        }
        return text.toString();
    }
}
