package dev.messenger.projections.keys;

/**
 * The devices read model in MongoDB, written only by {@link DevicesProjection}: one document per end-to-end encryption
 * device that has keys, {@code _id = userId + ":" + deviceId}, with {@code userId, deviceId, registeredAt} (its first
 * registration) and {@code keysUpdatedAt} (its latest upload). Owners list theirs (a handful: at most 16) by
 * {@code userId}, which the collection is scanned for on the MongoDB stand-in and indexed on a real MongoDB.
 */
public final class Devices {

    public static final String COLLECTION = "devices";

    private Devices() {
    }

    public static String id(String userId, String deviceId) {
        return userId + ":" + deviceId;
    }
}
