package dev.messenger.projections.keys;

/**
 * The devices read model in MongoDB, written only by {@link DevicesProjection}: one document per end-to-end encryption
 * device that has keys, {@code _id = userId + ":" + deviceId}, with {@code userId, deviceId, registeredAt} (its first
 * registration) and {@code keysUpdatedAt} (its latest upload); a removed device keeps only {@code userId, deviceId,
 * removedAt} (until registered again), so that a send can refuse envelopes addressed to it. Owners list theirs (a
 * handful: at most 16 live) by {@code userId}; sends look devices up by {@code _id}.
 */
public final class Devices {

    public static final String COLLECTION = "devices";

    private Devices() {
    }

    public static String id(String userId, String deviceId) {
        return userId + ":" + deviceId;
    }
}
