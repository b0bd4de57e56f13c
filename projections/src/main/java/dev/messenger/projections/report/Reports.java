package dev.messenger.projections.report;

/**
 * The reports read model in MongoDB, written only by {@link ReportsProjection}: one document per report,
 * {@code _id = reportId}, with {@code conversationId, messageId, reporterId, reportedUserId, reason, evidence, reportedAt}.
 * Operators list them newest first; there are few, so the listing's sort by {@code reportedAt} reads the collection.
 */
public final class Reports {

    public static final String COLLECTION = "reports";

    private Reports() {
    }
}
