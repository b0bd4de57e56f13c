package dev.messenger.gateway.health;

import com.mongodb.reactivestreams.client.MongoClient;
import dev.messenger.gateway.MessengerProperties;
import java.time.Duration;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.bson.Document;
import org.opensearch.client.opensearch.OpenSearchAsyncClient;
import org.redisson.api.RedissonReactiveClient;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.ReactiveHealthIndicator;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import reactor.core.publisher.Mono;

/**
 * One health component per engine, named after it ({@code postgres}, {@code mongodb}, {@code opensearch},
 * {@code redis}, {@code kafka}). Only {@code postgres} (the event store) is in the readiness group:
 * without the others the gateway degrades the features they serve but keeps taking writes.
 */
@Configuration(proxyBeanMethods = false)
public class EngineHealthIndicators {

    @Bean
    ReactiveHealthIndicator postgresHealthIndicator(JdbcTemplate jdbc, MessengerProperties properties,
                                                    @Value("${spring.datasource.url}") String url) {
        return () -> EngineHealth.check(EngineHealth.blocking(() -> {
            Long events = jdbc.queryForObject("SELECT COALESCE(MAX(globalindex), 0) FROM domainevententry", Long.class);
            return Health.up().withDetail("role", "event store").withDetail("headOfLog", events);
        }), properties.health().timeout(), redacted(url));
    }

    @Bean
    ReactiveHealthIndicator mongodbHealthIndicator(MongoClient mongo, MessengerProperties properties,
                                                   @Value("${spring.data.mongodb.uri}") String url) {
        return () -> EngineHealth.check(
                Mono.from(mongo.getDatabase("admin").runCommand(new Document("ping", 1))).map(reply -> Health.up()),
                properties.health().timeout(), redacted(url));
    }

    @Bean
    ReactiveHealthIndicator opensearchHealthIndicator(OpenSearchAsyncClient client, MessengerProperties properties) {
        return () -> EngineHealth.check(
                Mono.defer(() -> {
                    try {
                        return Mono.fromFuture(client.cluster().health());
                    } catch (java.io.IOException e) {
                        return Mono.error(e);
                    }
                }).map(health -> Health.up().withDetail("clusterStatus", health.status().jsonValue())),
                properties.health().timeout(), properties.opensearch().url());
    }

    @Bean
    ReactiveHealthIndicator redisHealthIndicator(RedissonReactiveClient redis, MessengerProperties properties) {
        return () -> EngineHealth.check(
                redis.getKeys().count().map(keys -> Health.up().withDetail("keys", keys)),
                properties.health().timeout(), redacted(properties.redis().url()));
    }

    @Bean
    ReactiveHealthIndicator kafkaHealthIndicator(AdminClient admin, MessengerProperties properties, KafkaProperties kafka) {
        Duration timeout = properties.health().timeout();
        return () -> EngineHealth.check(
                Mono.fromFuture(() -> admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                                .clusterId().toCompletionStage().toCompletableFuture())
                        .map(clusterId -> Health.up().withDetail("clusterId", clusterId)),
                timeout, String.join(",", kafka.getBootstrapServers()));
    }

    /** Endpoints are shown without credentials or query parameters. */
    static String redacted(String url) {
        String withoutUser = url.replaceFirst("//[^@/]*@", "//");
        int query = withoutUser.indexOf('?');
        return query < 0 ? withoutUser : withoutUser.substring(0, query);
    }
}
