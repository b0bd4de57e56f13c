package dev.messenger.gateway.account;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Accounts in PostgreSQL, through JDBC on the bounded-elastic scheduler (never on an event-loop thread). */
@Repository
public class AccountRepository {

    private static final String SELECT = "SELECT a.*, EXISTS (SELECT 1 FROM admin_role r WHERE r.user_id = a.user_id) AS admin "
            + "FROM account a ";
    private static final RowMapper<Account> ROW = (rs, i) -> new Account(rs.getString("user_id"), rs.getString("username"),
            rs.getString("display_name"), rs.getString("password_hash"), rs.getBoolean("admin"));

    private final NamedParameterJdbcTemplate jdbc;

    public AccountRepository(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts the account; a taken username surfaces as {@link org.springframework.dao.DuplicateKeyException}. */
    public Mono<Account> create(Account account) {
        return blocking(() -> {
            jdbc.update("INSERT INTO account (user_id, username, display_name, password_hash) "
                            + "VALUES (:userId, :username, :displayName, :passwordHash)",
                    new MapSqlParameterSource()
                            .addValue("userId", account.userId())
                            .addValue("username", account.username())
                            .addValue("displayName", account.displayName())
                            .addValue("passwordHash", account.passwordHash()));
            return account;
        });
    }

    public Mono<Account> findByUsername(String username) {
        return blocking(() -> one(SELECT + "WHERE a.username = :v AND a.deleted_at IS NULL", username).orElse(null));
    }

    public Mono<Account> findById(String userId) {
        return blocking(() -> one(SELECT + "WHERE a.user_id = :v AND a.deleted_at IS NULL", userId).orElse(null));
    }

    /** The accounts with these ids; unknown and deleted ids are left out ({@link #deletedAmong}). */
    public Mono<List<Account>> findByIds(Collection<String> userIds) {
        if (userIds.isEmpty()) {
            return Mono.just(List.of());
        }
        return blocking(() -> jdbc.query(SELECT + "WHERE a.user_id IN (:ids) AND a.deleted_at IS NULL ORDER BY a.user_id",
                new MapSqlParameterSource("ids", userIds), ROW));
    }

    /**
     * Accounts (not deleted, not {@code excluded}) whose username or display name starts with {@code prefix}, ignoring
     * case: the exact username first, then by username. The prefix's LIKE wildcards are taken literally.
     */
    public Mono<List<Account>> findByNamePrefix(String prefix, int limit, String excluded) {
        String lower = prefix.toLowerCase(java.util.Locale.ROOT);
        String pattern = lower.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return blocking(() -> jdbc.query(SELECT + "WHERE a.deleted_at IS NULL AND a.user_id <> :excluded "
                        + "AND (a.username LIKE :pattern OR lower(a.display_name) LIKE :pattern) "
                        + "ORDER BY a.username = :exact DESC, a.username LIMIT :limit",
                new MapSqlParameterSource("pattern", pattern).addValue("exact", lower).addValue("limit", limit)
                        .addValue("excluded", excluded), ROW));
    }

    /** Which of these user ids are accounts that exist (not deleted). */
    public Mono<Set<String>> existing(Collection<String> userIds) {
        if (userIds.isEmpty()) {
            return Mono.just(Set.of());
        }
        return blocking(() -> Set.copyOf(jdbc.queryForList("SELECT user_id FROM account WHERE user_id IN (:ids) AND deleted_at IS NULL",
                new MapSqlParameterSource("ids", userIds), String.class)));
    }

    /** False when the account is gone. */
    public Mono<Boolean> changeDisplayName(String userId, String displayName) {
        return blocking(() -> jdbc.update("UPDATE account SET display_name = :name WHERE user_id = :userId AND deleted_at IS NULL",
                new MapSqlParameterSource("userId", userId).addValue("name", displayName)) == 1);
    }

    /** False when the account is gone. */
    public Mono<Boolean> changePasswordHash(String userId, String passwordHash) {
        return blocking(() -> jdbc.update("UPDATE account SET password_hash = :hash WHERE user_id = :userId AND deleted_at IS NULL",
                new MapSqlParameterSource("userId", userId).addValue("hash", passwordHash)) == 1);
    }

    /** When the account was registered (empty when there is no such account). */
    public Mono<java.time.Instant> registeredAt(String userId) {
        return blocking(() -> jdbc.query("SELECT created_at FROM account WHERE user_id = :userId", new MapSqlParameterSource("userId", userId),
                (rs, i) -> rs.getTimestamp(1).toInstant()).stream().findFirst().orElse(null));
    }

    /** Which of these user ids are deleted accounts. */
    public Mono<Set<String>> deletedAmong(Collection<String> userIds) {
        if (userIds.isEmpty()) {
            return Mono.just(Set.of());
        }
        return blocking(() -> Set.copyOf(jdbc.queryForList("SELECT user_id FROM account WHERE user_id IN (:ids) AND deleted_at IS NOT NULL",
                new MapSqlParameterSource("ids", userIds), String.class)));
    }

    /**
     * Marks the account deleted and empties its row of everything personal, in the caller's transaction: the username
     * becomes {@code ~} and 31 random hex digits (no registration can match {@code [a-z0-9_.]}), so the name is free at
     * once; the display name empty; the password hash one no password matches. False when it was deleted already.
     */
    public boolean markDeleted(String userId) {
        String placeholder = "~" + java.util.UUID.randomUUID().toString().replace("-", "").substring(1);
        int marked = jdbc.update("UPDATE account SET username = :placeholder, display_name = '', password_hash = '!', deleted_at = now() "
                + "WHERE user_id = :userId AND deleted_at IS NULL", new MapSqlParameterSource("userId", userId)
                .addValue("placeholder", placeholder));
        jdbc.update("DELETE FROM admin_role WHERE user_id = :userId", new MapSqlParameterSource("userId", userId));
        return marked == 1;
    }

    private Optional<Account> one(String sql, String value) {
        List<Account> rows = jdbc.query(sql, new MapSqlParameterSource("v", value), ROW);
        return rows.stream().findFirst();
    }

    private static <T> Mono<T> blocking(java.util.concurrent.Callable<T> call) {
        return Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic());
    }
}
