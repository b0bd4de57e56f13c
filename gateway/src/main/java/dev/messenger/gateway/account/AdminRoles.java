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
     * Migrates the schema as a gateway does at its start, its Java migrations included (Flyway refuses a database on
     * which a gateway applied one that this run would not know).
     */
    public static void migrate(javax.sql.DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration")
                .javaMigrations(new dev.messenger.gateway.axon.SealLegacyBodies(), new dev.messenger.gateway.axon.SealLegacyFileReferences()).load().migrate();
    }

    /**
     * {@code admin grant|revoke USERNAME} on the database the gateway is configured with (DATABASE_URL, DATABASE_USER,
     * DATABASE_PASSWORD), gateways running or not. The schema is migrated first, as a gateway would at its start.
     */
    public static void main(String[] args) {
        System.exit(new picocli.CommandLine(new Command()).execute(args));
    }

    @picocli.CommandLine.Command(name = "admin", mixinStandardHelpOptions = true,
            description = "Give or take the admin role, on the database (DATABASE_URL, DATABASE_USER, DATABASE_PASSWORD), "
                    + "gateways running or not. Tokens issued from then on carry the change.")
    static final class Command implements java.util.concurrent.Callable<Integer> {
        @picocli.CommandLine.Parameters(index = "0", paramLabel = "grant|revoke", description = "grant or revoke")
        Action action;
        @picocli.CommandLine.Parameters(index = "1", paramLabel = "USERNAME", description = "an existing account's username")
        String username;
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        enum Action { grant, revoke }

        @Override
        public Integer call() {
            if (username.length() > 64) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "USERNAME: at most 64 characters");
            }
            DriverManagerDataSource dataSource = new DriverManagerDataSource(
                    System.getenv().getOrDefault("DATABASE_URL", "jdbc:postgresql://localhost:15432/postgres?user=postgres"));
            if (System.getenv("DATABASE_USER") != null && !System.getenv("DATABASE_USER").isEmpty()) {
                dataSource.setUsername(System.getenv("DATABASE_USER"));
                dataSource.setPassword(System.getenv("DATABASE_PASSWORD"));
            }
            migrate(dataSource);
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            Outcome outcome = action == Action.grant ? grant(jdbc, username) : revoke(jdbc, username);
            switch (outcome) {
                case GRANTED -> System.out.println(username + " is an admin; tokens issued from now on carry the role");
                case REVOKED -> System.out.println(username + " is no longer an admin; tokens issued before keep the role until they expire");
                case UNCHANGED -> System.out.println(username + (action == Action.grant ? " was already an admin" : " was not an admin"));
                case NO_SUCH_ACCOUNT -> {
                    System.err.println("no account with the username " + username + ": register it first (POST /auth/register)");
                    return 1;
                }
            }
            return 0;
        }
    }
}
