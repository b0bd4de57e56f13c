package dev.messenger.query.receipt;

import dev.messenger.query.conversation.ConversationSummary;
import dev.messenger.query.privacy.PrivacyQueries;
import java.util.List;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Each participant's delivered and read watermarks as one member sees them: a read watermark is hidden (null) where its
 * owner's privacy settings turn read receipts off, except from the owner themselves.
 */
@Component
public class ReceiptQueries {

    private final PrivacyQueries privacy;

    public ReceiptQueries(PrivacyQueries privacy) {
        this.privacy = privacy;
    }

    public record SeenReceipt(String userId, long deliveredUpTo, Long readUpTo) {
    }

    public Mono<List<SeenReceipt>> findReceiptsSeenBy(ConversationSummary conversation, String viewerId) {
        return privacy.findSettings(conversation.participants()).map(settings -> conversation.participants().stream().map(userId -> {
            ConversationSummary.Receipt receipt = conversation.receipts().getOrDefault(userId, new ConversationSummary.Receipt(0, 0));
            boolean hidden = !settings.get(userId).readReceipts() && !userId.equals(viewerId);
            return new SeenReceipt(userId, receipt.deliveredUpTo(), hidden ? null : receipt.readUpTo());
        }).toList());
    }
}
