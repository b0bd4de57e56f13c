package dev.messenger.query.report;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;

import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.messenger.projections.report.Reports;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reports for the operators, newest first. */
@Component
public class ReportQueries {

    private final MongoDatabase db;

    public ReportQueries(MongoDatabase messengerDatabase) {
        this.db = messengerDatabase;
    }

    public record Report(String reportId, String conversationId, String messageId, String reporterId, String reportedUserId, String reason,
                         String evidence, Instant reportedAt) {
    }

    public record ReportPage(List<Report> reports, String next) {
    }

    /** Position in the listing: (reportedAt, reportId), newest first. */
    public record ReportCursor(Instant reportedAt, String reportId) {

        public String encode() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((reportedAt.toEpochMilli() + ":" + reportId).getBytes(StandardCharsets.UTF_8));
        }

        /** Empty for a cursor this server did not make. */
        public static Optional<ReportCursor> decode(String cursor) {
            try {
                String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                int colon = text.indexOf(':');
                return colon < 1 ? Optional.empty()
                        : Optional.of(new ReportCursor(Instant.ofEpochMilli(Long.parseLong(text.substring(0, colon))), text.substring(colon + 1)));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }
    }

    public Mono<ReportPage> findReports(int limit, Optional<ReportCursor> before) {
        Bson filter = before.map(cursor -> or(lt("reportedAt", Date.from(cursor.reportedAt())),
                and(eq("reportedAt", Date.from(cursor.reportedAt())), lt("_id", cursor.reportId())))).orElse(new Document());
        return Flux.from(db.getCollection(Reports.COLLECTION).find(filter)
                        .sort(Sorts.orderBy(Sorts.descending("reportedAt"), Sorts.descending("_id"))).limit(limit + 1))
                .map(ReportQueries::report)
                .collectList()
                .map(found -> found.size() > limit
                        ? new ReportPage(found.subList(0, limit),
                                new ReportCursor(found.get(limit - 1).reportedAt(), found.get(limit - 1).reportId()).encode())
                        : new ReportPage(found, null));
    }

    private static Report report(Document d) {
        return new Report(d.getString("_id"), d.getString("conversationId"), d.getString("messageId"), d.getString("reporterId"),
                d.getString("reportedUserId"), d.getString("reason"), d.getString("evidence"), ((Date) d.get("reportedAt")).toInstant());
    }
}
