package dev.messenger.gateway.account;

/**
 * An account as stored in PostgreSQL; the password hash never leaves the account package. {@code admin}: an operator
 * has granted it the admin role ({@link AdminRoles}).
 */
public record Account(String userId, String username, String displayName, String passwordHash, boolean admin) {
}
