package dev.messenger.realtime.push;

import java.util.Collection;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * Where a notification's sender name comes from: the accounts, which the gateway keeps (a port, so that the push relay
 * does not read another module's table). Users without a name are left out of the map.
 */
@FunctionalInterface
public interface SenderNames {

    Mono<Map<String, String>> findDisplayNames(Collection<String> userIds);
}
