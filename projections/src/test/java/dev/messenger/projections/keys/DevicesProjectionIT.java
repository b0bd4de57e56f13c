package dev.messenger.projections.keys;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.messenger.events.keys.DeviceKeysRegistered;
import dev.messenger.events.keys.DeviceKeysRemoved;
import dev.messenger.events.keys.SignedPreKey;
import dev.messenger.projections.support.Engines;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** The devices read model on a real MongoDB-protocol server: first registration kept, removal marks, redelivery harmless. */
class DevicesProjectionIT {

    private static final Instant FIRST = Instant.parse("2026-12-07T09:00:00Z");
    private static final Instant LATER = Instant.parse("2026-12-07T10:00:00Z");

    private MongoDatabase db;
    private DevicesProjection projection;
    private String userId;

    @BeforeEach
    void setUp() {
        db = Engines.mongo();
        projection = new DevicesProjection(db);
        userId = "u-" + UUID.randomUUID();
    }

    private DeviceKeysRegistered registered(String deviceId, Instant at) {
        return new DeviceKeysRegistered(userId, deviceId, "aWQ=", "ZGg=", new SignedPreKey(1, "cGs=", "c2ln"), List.of(), at);
    }

    private List<Document> devices() {
        return Flux.from(db.getCollection(Devices.COLLECTION).find(eq("userId", userId))).collectList().block();
    }

    @Test
    void aDeviceKeepsItsFirstRegistrationAndIsMarkedOnceRemovedUntilRegisteredAgain() {
        projection.on(registered("phone", FIRST));
        projection.on(registered("laptop", FIRST));
        projection.on(registered("phone", LATER)); // new keys uploaded, or the same event redelivered: one device still

        List<Document> devices = devices();
        assertThat(devices).extracting(d -> d.getString("deviceId")).containsExactlyInAnyOrder("phone", "laptop");
        Document phone = devices.stream().filter(d -> d.getString("deviceId").equals("phone")).findFirst().orElseThrow();
        assertThat(phone.getDate("registeredAt").toInstant()).isEqualTo(FIRST);
        assertThat(phone.getDate("keysUpdatedAt").toInstant()).isEqualTo(LATER);

        projection.on(new DeviceKeysRemoved(userId, "phone", LATER));
        projection.on(new DeviceKeysRemoved(userId, "phone", LATER));
        assertThat(devices()).filteredOn(d -> !d.containsKey("removedAt")).extracting(d -> d.getString("deviceId")).containsExactly("laptop");
        assertThat(devices()).filteredOn(d -> d.containsKey("removedAt")).extracting(d -> d.getString("deviceId")).containsExactly("phone");

        projection.on(registered("phone", LATER)); // registered again: back, with a new first registration
        assertThat(devices()).noneMatch(d -> d.containsKey("removedAt"));
    }
}
