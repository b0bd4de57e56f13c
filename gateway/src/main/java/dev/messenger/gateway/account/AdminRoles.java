package dev.messenger.gateway.account;

import java.util.List;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The admin role, given and taken only by an operator, on the database: {@code ops/messenger admin grant USERNAME} (or
 * {@code revoke}). Registration never grants it, whatever the username, so no one can claim it by signing up first.
 * Tokens issued after a grant carry the role; a token issued before keeps what it had until it expires.
 */
public final class AdminRoles {

    private AdminRoles() {
    }

    public enum Outcome { GRANTED, REVOKED, UNCHANGED, NO_SUCH_ACCOUNT }

    public static Outcome grant(JdbcOperations jdbc, String username) {
        List<String> ids = userId(jdbc, username);
        if (ids.isEmpty()) {
            return Outcome.NO_SUCH_ACCOUNT;
        }
        int added = jdbc.update("INSERT INTO admin_role (user_id) VALUES (?) ON CONFLICT (user_id) DO NOTHING", ids.get(0));
        return added == 1 ? Outcome.GRANTED : Outcome.UNCHANGED;
    }

    public static Outcome revoke(JdbcOperations jdbc, String username) {
        List<String> ids = userId(jdbc, username);
        if (ids.isEmpty()) {
            return Outcome.NO_SUCH_ACCOUNT;
        }
        return jdbc.update("DELETE FROM admin_role WHERE user_id = ?", ids.get(0)) == 1 ? Outcome.REVOKED : Outcome.UNCHANGED;
    }

    private static List<String> userId(JdbcOperations jdbc, String username) {
        return jdbc.queryForList("SELECT user_id FROM account WHERE username = ?", String.class, username);
    }

    /**
     * {@code admin grant|revoke USERNAME} on the database the gateway is configured with (DATABASE_URL, DATABASE_USER,
     * DATABASE_PASSWORD), gateways running or not. The schema is migrated first, as a gateway would at its start.
     */
    public static void main(String[] args) {
        if (args.length != 2 || !(args[0].equals("grant") || args[0].equals("revoke"))) {
            System.err.println("usage: ops/messenger admin grant|revoke USERNAME");
            System.exit(2);
        }
        DriverManagerDataSource dataSource = new DriverManagerDataSource(
                System.getenv().getOrDefault("DATABASE_URL", "jdbc:postgresql://localhost:15432/postgres?user=postgres"));
        if (System.getenv("DATABASE_USER") != null && !System.getenv("DATABASE_USER").isEmpty()) {
            dataSource.setUsername(System.getenv("DATABASE_USER"));
            dataSource.setPassword(System.getenv("DATABASE_PASSWORD"));
        }
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        Outcome outcome = args[0].equals("grant") ? grant(jdbc, args[1]) : revoke(jdbc, args[1]);
        switch (outcome) {
            case GRANTED -> System.out.println(args[1] + " is an admin; tokens issued from now on carry the role");
            case REVOKED -> System.out.println(args[1] + " is no longer an admin; tokens issued before keep the role until they expire");
            case UNCHANGED -> System.out.println(args[1] + (args[0].equals("grant") ? " was already an admin" : " was not an admin"));
            case NO_SUCH_ACCOUNT -> {
                System.err.println("no account with the username " + args[1] + ": register it first (POST /auth/register)");
                System.exit(1);
            }
        }
    }
}
