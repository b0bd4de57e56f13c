package dev.messenger.ops.stack;

import java.util.Locale;

/**
 * The engines of the local stack. Each runs in its own process with its data under
 * {@code <dataDir>/<name>}, so one can be stopped or killed without touching the others.
 */
public enum Engine {
    POSTGRES("DATABASE_URL", 15432),
    MONGODB("MONGODB_URI", 27017),
    OPENSEARCH("OPENSEARCH_URL", 9200),
    REDIS("REDIS_URL", 6379),
    KAFKA("KAFKA_BOOTSTRAP_SERVERS", 9092);

    private final String urlVariable;
    private final int defaultPort;

    Engine(String urlVariable, int defaultPort) {
        this.urlVariable = urlVariable;
        this.defaultPort = defaultPort;
    }

    /** Lower-case name used for directories, log files and health components. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The environment variable that points the gateway at this engine; when set, nothing is started for it. */
    public String urlVariable() {
        return urlVariable;
    }

    /** The environment variable that overrides this engine's local port, e.g. {@code MESSENGER_REDIS_PORT}. */
    public String portVariable() {
        return "MESSENGER_" + name() + "_PORT";
    }

    public int defaultPort() {
        return defaultPort;
    }

    /** The address clients use, in the form the gateway's configuration variable expects. */
    public String url(int port) {
        return switch (this) {
            case POSTGRES -> "jdbc:postgresql://localhost:" + port + "/postgres?user=postgres";
            case MONGODB -> "mongodb://localhost:" + port + "/messenger";
            case OPENSEARCH -> "http://localhost:" + port;
            case REDIS -> "redis://localhost:" + port;
            case KAFKA -> "localhost:" + port;
        };
    }
}
