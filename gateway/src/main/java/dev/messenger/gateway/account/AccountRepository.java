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
        return blocking(() -> one(SELECT + "WHERE a.username = :v", username).orElse(null));
    }

    public Mono<Account> findById(String userId) {
        return blocking(() -> one(SELECT + "WHERE a.user_id = :v", userId).orElse(null));
    }

    /** The accounts with these ids; unknown ids are left out. */
    public Mono<List<Account>> findByIds(Collection<String> userIds) {
        if (userIds.isEmpty()) {
            return Mono.just(List.of());
        }
        return blocking(() -> jdbc.query(SELECT + "WHERE a.user_id IN (:ids) ORDER BY a.user_id",
                new MapSqlParameterSource("ids", userIds), ROW));
    }

    /** Which of these user ids exist. */
    public Mono<Set<String>> existing(Collection<String> userIds) {
        if (userIds.isEmpty()) {
            return Mono.just(Set.of());
        }
        return blocking(() -> Set.copyOf(jdbc.queryForList("SELECT user_id FROM account WHERE user_id IN (:ids)",
                new MapSqlParameterSource("ids", userIds), String.class)));
    }

    /** False when the account is gone. */
    public Mono<Boolean> changeDisplayName(String userId, String displayName) {
        return blocking(() -> jdbc.update("UPDATE account SET display_name = :name WHERE user_id = :userId",
                new MapSqlParameterSource("userId", userId).addValue("name", displayName)) == 1);
    }

    /** False when the account is gone. */
    public Mono<Boolean> changePasswordHash(String userId, String passwordHash) {
        return blocking(() -> jdbc.update("UPDATE account SET password_hash = :hash WHERE user_id = :userId",
                new MapSqlParameterSource("userId", userId).addValue("hash", passwordHash)) == 1);
    }

    private Optional<Account> one(String sql, String value) {
        List<Account> rows = jdbc.query(sql, new MapSqlParameterSource("v", value), ROW);
        return rows.stream().findFirst();
    }

    private static <T> Mono<T> blocking(java.util.concurrent.Callable<T> call) {
        return Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic());
    }
}
