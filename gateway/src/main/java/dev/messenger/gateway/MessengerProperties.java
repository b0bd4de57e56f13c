package dev.messenger.gateway;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The gateway's own settings ({@code messenger.*} in application.yml, each overridable by environment). */
@ConfigurationProperties("messenger")
public record MessengerProperties(Path dataDir, OpenSearch opensearch, Redis redis, Aggregates aggregates,
                                  Health health, Kafka kafka) {

    public record OpenSearch(String url) {
    }

    /**
     * {@code subscriptionsPerConnection}: pub/sub channels per Redis connection. Every open stream listens
     * on two channels of its own, so with Redisson's default (5 per connection, 50 connections) a node
     * held 125 streams at most.
     */
    public record Redis(String url, int subscriptionsPerConnection, int subscriptionConnections) {
    }

    public record Aggregates(int cacheSize, int snapshotThreshold) {
    }

    public record Health(Duration timeout) {
    }

    /** The event log on Kafka: the events topic, the compacted topic of message bodies, their partitions and replicas. */
    public record Kafka(String eventsTopic, String bodiesTopic, int partitions, short replicationFactor) {
    }
}
