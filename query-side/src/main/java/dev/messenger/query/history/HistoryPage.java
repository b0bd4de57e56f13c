package dev.messenger.query.history;

import dev.messenger.projections.message.MessageView;
import java.util.List;

/** A page of history: newest first when paging back ({@code before}), oldest first when paging forward ({@code after}). */
public record HistoryPage(List<MessageView> messages, Long next) {
}
