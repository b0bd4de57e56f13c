package dev.messenger.gateway.engines;

import dev.messenger.gateway.MessengerProperties;
import com.mongodb.ConnectionString;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoDatabase;
import java.net.URI;
import org.springframework.beans.factory.annotation.Value;
import org.apache.hc.core5.http.HttpHost;
import dev.messenger.projections.kafka.EventLogTopics;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.OpenSearchAsyncClient;
import org.opensearch.client.transport.OpenSearchTransport;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.api.RedissonReactiveClient;
import org.redisson.config.Config;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Clients of the engines that Spring Boot does not configure by itself. PostgreSQL (DataSource) and
 * MongoDB (reactive and sync MongoClient) come from Boot's auto-configuration.
 */
@Configuration(proxyBeanMethods = false)
public class EngineClientsConfiguration {

    @Bean(destroyMethod = "close")
    OpenSearchTransport openSearchTransport(MessengerProperties properties) {
        URI url = URI.create(properties.opensearch().url());
        HttpHost host = new HttpHost(url.getScheme(), url.getHost(), url.getPort());
        return ApacheHttpClient5TransportBuilder.builder(host)
                .setMapper(new JacksonJsonpMapper())
                .build();
    }

    @Bean
    OpenSearchAsyncClient openSearchClient(OpenSearchTransport openSearchTransport) {
        return new OpenSearchAsyncClient(openSearchTransport);
    }

    /** For the search projection, which runs on Axon's processor threads where blocking is fine. */
    @Bean
    org.opensearch.client.opensearch.OpenSearchClient openSearchSyncClient(OpenSearchTransport openSearchTransport) {
        return new org.opensearch.client.opensearch.OpenSearchClient(openSearchTransport);
    }

    /** Lazy: the gateway starts (with Redis DOWN in its health) when Redis is not reachable yet. */
    @Bean(destroyMethod = "shutdown")
    RedissonClient redisson(MessengerProperties properties) {
        Config config = new Config();
        config.setLazyInitialization(true);
        config.useSingleServer()
                .setAddress(properties.redis().url())
                .setConnectTimeout(2000)
                .setTimeout(2000)
                .setRetryAttempts(2)
                .setSubscriptionsPerConnection(properties.redis().subscriptionsPerConnection())
                .setSubscriptionConnectionPoolSize(properties.redis().subscriptionConnections());
        return Redisson.create(config);
    }

    @Bean
    RedissonReactiveClient redissonReactive(RedissonClient redisson) {
        return redisson.reactive();
    }

    /** The database of the read models: the one named in MONGODB_URI, else {@code messenger}. */
    @Bean
    MongoDatabase messengerDatabase(MongoClient mongo, @Value("${spring.data.mongodb.uri}") String uri) {
        String name = new ConnectionString(uri).getDatabase();
        return mongo.getDatabase(name == null ? "messenger" : name);
    }

    /**
     * The event log's producer: idempotent (a retried send is written once) and acknowledged by every
     * in-sync replica; a batch that Kafka does not take within the delivery timeout fails and is retried
     * by the publisher's processor.
     */
    @Bean(destroyMethod = "close")
    Producer<String, byte[]> eventLogProducer(KafkaProperties kafkaProperties) {
        Map<String, Object> config = new HashMap<>(kafkaProperties.buildProducerProperties(null));
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    /** The producer's own metrics (records sent, errors, latency, buffer) as Micrometer meters. */
    @Bean
    io.micrometer.core.instrument.binder.MeterBinder eventLogProducerMetrics(Producer<String, byte[]> eventLogProducer) {
        return new io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics(eventLogProducer);
    }

    @Bean
    EventLogTopics eventLogTopics(MessengerProperties properties) {
        MessengerProperties.Kafka kafka = properties.kafka();
        return new EventLogTopics(kafka.eventsTopic(), kafka.bodiesTopic(), kafka.partitions(), kafka.replicationFactor());
    }

    @Bean(destroyMethod = "close")
    AdminClient kafkaAdminClient(KafkaProperties kafkaProperties) {
        return AdminClient.create(kafkaProperties.buildAdminProperties(null));
    }
}
