package dev.messenger.processing.admin;

import dev.messenger.processing.DeadLetterQueues;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What operators see and do of the parked events (see {@link DeadLetterQueues}): the parked conversations of each
 * projection with their first failure, a retry (the projection's handlers apply the sequence again, in order,
 * on this node; a sequence that fails again stays parked), and a drop (the events are given up for that read
 * model, which a rebuild would apply again).
 */
@Component
public class DeadLetters {

    private final JdbcTemplate jdbc;
    private final EventProcessingConfiguration processing;

    public DeadLetters(JdbcTemplate jdbc, EventProcessingConfiguration processing) {
        this.jdbc = jdbc;
        this.processing = processing;
    }

    public record ParkedSequence(String projection, String sequence, long events, String firstParkedAt, String lastTriedAt,
                                 String cause) {
    }

    /** Parked sequences, oldest first, at most {@code limit}. */
    public List<ParkedSequence> list(int limit) {
        return jdbc.query("""
                SELECT processinggroup, sequenceidentifier, count(*) AS events, min(enqueuedat) AS first_parked,
                       max(lasttouched) AS last_tried, (array_agg(causemessage ORDER BY sequenceindex))[1] AS cause
                FROM deadletterentry GROUP BY processinggroup, sequenceidentifier ORDER BY first_parked LIMIT ?""",
                (row, i) -> new ParkedSequence(row.getString(1), row.getString(2), row.getLong(3), row.getString(4), row.getString(5),
                        row.getString(6)), limit);
    }

    /** Parked sequences per projection (every projection, 0 where none). */
    public Map<String, Long> sequencesByProjection() {
        Map<String, Long> counts = new HashMap<>();
        DeadLetterQueues.GROUPS.forEach(group -> counts.put(group, 0L));
        jdbc.query("SELECT processinggroup, count(DISTINCT sequenceidentifier) FROM deadletterentry GROUP BY processinggroup",
                row -> {
                    counts.put(row.getString(1), row.getLong(2));
                });
        return counts;
    }

    public boolean exists(String projection) {
        return DeadLetterQueues.GROUPS.contains(projection);
    }

    public record Retried(int retried, int stillParked) {
    }

    /**
     * Applies the projection's parked sequences again ({@code sequence} null: all of them, oldest first). Each
     * sequence is tried once per call: what fails again stays parked, with its retry counted.
     */
    public Retried retry(String projection, String sequence) {
        SequencedDeadLetterProcessor<org.axonframework.eventhandling.EventMessage<?>> processor = processing
                .sequencedDeadLetterProcessor(projection).orElseThrow(() -> new IllegalStateException("no dead-letter queue for " + projection));
        List<String> sequences = sequence != null ? List.of(sequence)
                : jdbc.queryForList("SELECT DISTINCT sequenceidentifier FROM deadletterentry WHERE processinggroup = ?", String.class, projection);
        int retried = 0;
        for (String id : sequences) {
            if (processor.process(first -> sequenceOf(first.message()).equals(id))) {
                retried++;
            }
        }
        Integer parked = jdbc.queryForObject("SELECT count(DISTINCT sequenceidentifier) FROM deadletterentry WHERE processinggroup = ?",
                Integer.class, projection);
        return new Retried(retried, parked == null ? 0 : parked);
    }

    /** Gives up a parked sequence for good; the number of events dropped. */
    public int drop(String projection, String sequence) {
        return jdbc.update("DELETE FROM deadletterentry WHERE processinggroup = ? AND sequenceidentifier = ?", projection, sequence);
    }

    /** The sequence an event belongs to: its aggregate, as the processors' sequencing policy has it. */
    private static String sequenceOf(org.axonframework.eventhandling.EventMessage<?> event) {
        return event instanceof DomainEventMessage<?> domain ? domain.getAggregateIdentifier() : event.getIdentifier();
    }
}
