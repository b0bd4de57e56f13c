package dev.messenger.gateway.security;

import java.util.function.Supplier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A key that no configuration gives, generated once for the whole installation: the first node to start stores
 * its candidate, every node (itself included) uses what is stored. Keys generated per node would make tokens from one
 * node fail on another, and push subscriptions made through one fail to be sent by another.
 */
@Component
public class GeneratedKeys {

    private final JdbcTemplate jdbc;

    public GeneratedKeys(JdbcTemplate jdbc) {
        this.jdbc = jdbc; // a JdbcTemplate: Spring Boot runs the migrations before anything uses one
    }

    /** The installation's value of {@code name}; {@code candidate} is asked for only when none is stored yet. */
    public String shared(String name, Supplier<String> candidate) {
        java.util.List<String> stored = jdbc.queryForList("SELECT value FROM generated_key WHERE name = ?", String.class, name);
        if (!stored.isEmpty()) {
            return stored.get(0);
        }
        jdbc.update("INSERT INTO generated_key (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING", name, candidate.get());
        return jdbc.queryForObject("SELECT value FROM generated_key WHERE name = ?", String.class, name); // a race's winner
    }
}
