package dev.messenger.realtime.push;

import java.net.URI;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** The browsers' Web Push subscriptions, per user, in PostgreSQL (the push projection and the sender read them). */
@Component
public class PushSubscriptions {

    public enum Outcome { SUBSCRIBED, TAKEN }

    private final JdbcTemplate jdbc;
    private final PushEndpoints endpoints;

    public PushSubscriptions(JdbcTemplate jdbc, PushProperties properties) {
        this.jdbc = jdbc;
        this.endpoints = properties.endpoints();
    }

    /**
     * Registers a subscription, or replaces its keys. An endpoint another account registered is {@link Outcome#TAKEN},
     * never taken over: that account's notifications would go to whoever claims the endpoint. Fails with an
     * {@link IllegalArgumentException} when the endpoint's host resolves to an address that is not public.
     */
    public Mono<Outcome> subscribe(String userId, URI endpoint, String p256dh, String auth) {
        return Mono.fromCallable(() -> {
            endpoints.requirePublic(endpoint); // DNS: blocking, so off the event loop
            int stored = jdbc.update("""
                    INSERT INTO push_subscription (endpoint, user_id, p256dh, auth) VALUES (?, ?, ?, ?)
                    ON CONFLICT (endpoint) DO UPDATE SET p256dh = excluded.p256dh, auth = excluded.auth
                    WHERE push_subscription.user_id = excluded.user_id
                    """, endpoint.toString(), userId, p256dh, auth);
            return stored == 0 ? Outcome.TAKEN : Outcome.SUBSCRIBED;
        }).subscribeOn(Schedulers.boundedElastic());
    }

    /** Removes every subscription of the user (their account is deleted), in the caller's transaction if there is one. */
    public int removeAllOf(String userId) {
        return jdbc.update("DELETE FROM push_subscription WHERE user_id = ?", userId);
    }

    /** Removes the user's subscription of this endpoint; another user's is left alone. */
    public Mono<Void> unsubscribe(String userId, URI endpoint) {
        return Mono.fromRunnable(() -> jdbc.update("DELETE FROM push_subscription WHERE endpoint = ? AND user_id = ?",
                        endpoint.toString(), userId))
                .subscribeOn(Schedulers.boundedElastic()).then();
    }
}
