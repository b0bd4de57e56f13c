package dev.messenger.ops.eventlog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** The event store's database, configured like the gateway's: DATABASE_URL, DATABASE_USER, DATABASE_PASSWORD. */
final class EventLogDatabase {

    static final String DEFAULT_URL = "jdbc:postgresql://localhost:15432/postgres?user=postgres";

    private EventLogDatabase() {
    }

    static Connection connect() throws SQLException {
        String url = System.getenv().getOrDefault("DATABASE_URL", DEFAULT_URL);
        Properties properties = new Properties();
        String user = System.getenv("DATABASE_USER");
        String password = System.getenv("DATABASE_PASSWORD");
        if (user != null && !user.isBlank()) {
            properties.setProperty("user", user);
        }
        if (password != null && !password.isBlank()) {
            properties.setProperty("password", password);
        }
        return DriverManager.getConnection(url, properties);
    }

    /** Event JSON exactly as the gateway writes it (ISO-8601 times). */
    static ObjectMapper objectMapper() {
        return new ObjectMapper().registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }
}
