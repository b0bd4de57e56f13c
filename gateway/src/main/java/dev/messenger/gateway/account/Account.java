package dev.messenger.gateway.account;

/** An account as stored in PostgreSQL; the password hash never leaves the account package. */
public record Account(String userId, String username, String displayName, String passwordHash) {
}
