package dev.messenger.query.history;

import java.util.List;
import java.util.Map;

/** A page of history: newest first when paging back ({@code before}), oldest first when paging forward ({@code after}). */
public record HistoryPage(List<Map<String, Object>> messages, Long next) {
}
