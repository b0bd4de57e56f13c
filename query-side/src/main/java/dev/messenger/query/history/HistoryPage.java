package dev.messenger.query.history;

import dev.messenger.projections.message.MessageView;
import dev.messenger.projections.message.ServiceItem;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * A page of history: newest first when paging back ({@code before}), oldest first when paging forward ({@code after}).
 * {@code serviceItems} are the group changes between the page's messages, oldest first: those before each message of
 * the page, and those after its last when that is the newest message.
 */
public record HistoryPage(List<MessageView> messages, Long next, List<ServiceItem> serviceItems, boolean newestFirst) {

    public HistoryPage(List<MessageView> messages, Long next) {
        this(messages, next, List.of(), true);
    }

    /** Messages and service items in the page's order: a service item comes right after the message it follows. */
    public List<Object> items() {
        record Placed(long position, Object item) {
        }
        List<Placed> placed = new ArrayList<>(messages.size() + serviceItems.size());
        messages.forEach(message -> placed.add(new Placed(2 * message.seq(), message)));
        serviceItems.forEach(item -> placed.add(new Placed(2 * item.afterSeq() + 1, item)));
        placed.sort(Comparator.comparingLong(Placed::position)); // stable: service items keep the order they happened in
        if (newestFirst) {
            Collections.reverse(placed);
        }
        return placed.stream().map(Placed::item).toList();
    }
}
