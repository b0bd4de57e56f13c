package dev.messenger.gateway;

import dev.messenger.gateway.ApiClient.Response;
import dev.messenger.gateway.ApiClient.User;
import dev.messenger.gateway.account.AdminRoles;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The suite's operators: accounts granted the admin role on the database, as an operator would grant it. */
public final class Operators {

    public static final String ADMIN = "ops_admin";

    private Operators() {
    }

    /** The suite's operator of the shared stack: registered (once), granted the role, signed in. */
    public static User admin(ApiClient api) {
        return admin(api, TestStack.get().gatewayEnvironment().get("DATABASE_URL"), ADMIN);
    }

    public static User admin(ApiClient api, String databaseUrl, String username) {
        api.post(null, "/auth/register", Map.of("username", username, "password", "admin password", "displayName", "Ops"));
        AdminRoles.grant(new JdbcTemplate(new DriverManagerDataSource(databaseUrl)), username);
        return signIn(api, username, "admin password");
    }

    public static User signIn(ApiClient api, String username, String password) {
        Response token = api.post(null, "/auth/token", Map.of("username", username, "password", password));
        return new User(null, username, token.body().get("access_token").asText());
    }
}
