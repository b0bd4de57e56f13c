package dev.messenger.projections.block;

/**
 * The blocks read model in MongoDB, written only by {@link BlocksProjection}: {@code user_blocks}, one document per
 * blocker ({@code _id}) with the set of users they block ({@code blocked}).
 */
public final class UserBlocks {

    public static final String COLLECTION = "user_blocks";
    public static final String BLOCKED = "blocked";

    private UserBlocks() {
    }
}
