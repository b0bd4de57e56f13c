package dev.messenger.query.keys;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.messenger.projections.keys.Devices;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A user's end-to-end encryption devices, for their owner (never for others: a bundle is what others get). */
@Component
public class DeviceQueries {

    private final MongoDatabase db;

    public DeviceQueries(MongoDatabase messengerDatabase) {
        this.db = messengerDatabase;
    }

    public record Device(String deviceId, Instant registeredAt, Instant keysUpdatedAt) {
    }

    /** The user's devices, first registered first. */
    public Mono<List<Device>> findDevices(String userId) {
        return Flux.from(db.getCollection(Devices.COLLECTION).find(eq("userId", userId)))
                .filter(d -> !d.containsKey("removedAt"))
                .map(d -> new Device(d.getString("deviceId"), d.getDate("registeredAt").toInstant(), d.getDate("keysUpdatedAt").toInstant()))
                .collectSortedList(Comparator.comparing(Device::registeredAt).thenComparing(Device::deviceId));
    }

    /** Which of these devices ({@code <userId>:<deviceId>}) were removed by their owners (and not registered again). */
    public Mono<java.util.Set<String>> findRemoved(java.util.Collection<String> userDeviceIds) {
        if (userDeviceIds.isEmpty()) {
            return Mono.just(java.util.Set.of());
        }
        return Flux.from(db.getCollection(Devices.COLLECTION).find(com.mongodb.client.model.Filters.in("_id", userDeviceIds)))
                .filter(d -> d.containsKey("removedAt"))
                .map(d -> d.getString("_id"))
                .collect(java.util.stream.Collectors.toSet());
    }
}
