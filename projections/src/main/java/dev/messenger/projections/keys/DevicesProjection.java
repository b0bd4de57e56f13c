package dev.messenger.projections.keys;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.messenger.events.keys.DeviceKeysRegistered;
import dev.messenger.events.keys.DeviceKeysRemoved;
import dev.messenger.projections.block.BlocksProjection;
import dev.messenger.projections.support.MongoWrites;
import java.util.Date;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Each user's devices with end-to-end encryption keys ({@link Devices}), for their owner's device list. It shares the
 * blocks projection's processor, as reports do: devices change rarely, and a processor of their own would read and
 * decode the whole log for them. Redelivered events write the same document again.
 */
@Component
@ProcessingGroup(BlocksProjection.GROUP)
public class DevicesProjection {

    private final MongoDatabase db;

    public DevicesProjection(MongoDatabase messengerDatabase) {
        this.db = messengerDatabase;
    }

    @EventHandler
    void on(DeviceKeysRegistered event) {
        Mono.from(db.getCollection(Devices.COLLECTION).updateOne(eq("_id", Devices.id(event.userId(), event.deviceId())),
                Updates.combine(Updates.setOnInsert("registeredAt", Date.from(event.registeredAt())),
                        Updates.set("userId", event.userId()), Updates.set("deviceId", event.deviceId()),
                        Updates.set("keysUpdatedAt", Date.from(event.registeredAt())), Updates.unset("removedAt")),
                new UpdateOptions().upsert(true))).block();
    }

    /** A removed device stays, marked, so that envelopes still addressed to it can be refused; registered again, it is back. */
    @EventHandler
    void on(DeviceKeysRemoved event) {
        Mono.from(db.getCollection(Devices.COLLECTION).replaceOne(eq("_id", Devices.id(event.userId(), event.deviceId())),
                new org.bson.Document("userId", event.userId()).append("deviceId", event.deviceId())
                        .append("removedAt", Date.from(event.removedAt())),
                new com.mongodb.client.model.ReplaceOptions().upsert(true))).block();
    }

    @ResetHandler
    void reset() {
        MongoWrites.dropCollections(db, Devices.COLLECTION);
    }
}
