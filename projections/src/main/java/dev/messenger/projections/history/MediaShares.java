package dev.messenger.projections.history;

/**
 * Where each file was sent ({@code media_shares}: {@code _id} = media id, {@code conversations} = the
 * conversations it was sent in): the participants of those may download it.
 */
public final class MediaShares {

    public static final String COLLECTION = "media_shares";
    public static final String CONVERSATIONS = "conversations";

    private MediaShares() {
    }
}
