package dev.messenger.processing;

import dev.messenger.projections.block.BlocksProjection;
import dev.messenger.projections.conversation.InboxProjection;
import dev.messenger.projections.history.HistoryProjection;
import dev.messenger.projections.push.PushProjection;
import java.time.Duration;
import java.util.List;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Where each projection keeps its tracking token: next to its read model where the engine can hold
 * one, so that a lost write and its token are lost together and the replay repairs both. MongoDB
 * projections use the MongoDB token store; the others (Redis, OpenSearch, Kafka) use PostgreSQL's,
 * which stays Axon's default.
 */
@Configuration(proxyBeanMethods = false)
public class ProjectionTokenStores {

    public static final List<String> MONGODB_GROUPS = List.of(HistoryProjection.GROUP, InboxProjection.GROUP, BlocksProjection.GROUP);

    @Bean
    ConfigurerModule mongoTokenStores(com.mongodb.client.MongoClient mongo, @Value("${spring.data.mongodb.uri}") String uri,
                                      ProcessingProperties properties, GatewayNode node) {
        String database = databaseName(uri);
        Duration interval = properties.tokenWriteInterval();
        return configurer -> configurer.eventProcessing(processing -> MONGODB_GROUPS.forEach(group -> processing
                .registerTokenStore(group, configuration -> new CoalescingTokenStore(MongoTokenStore.builder()
                        .mongoTemplate(DefaultMongoTemplate.builder().mongoDatabase(mongo, database).build())
                        .serializer(configuration.serializer())
                        .nodeId(node.name())
                        .build(), interval, true))
                // no transaction spans MongoDB writes: without one, a tracking processor stores its token after the
                // batch's writes (with one it stores it first, trusting a rollback that MongoDB would not do, and a
                // failed batch would be skipped on retry)
                .registerTransactionManager(group, configuration -> NoTransactionManager.instance())));
    }

    /**
     * The other projections keep their tokens in PostgreSQL (Axon's JDBC token store, the application's default),
     * written at most once per interval. Push is the exception: its outbox rows and its token commit in one
     * transaction, so a message is enqueued exactly once even across a crash; only its idle claim renewals are thinned.
     */
    @Bean
    ConfigurerModule postgresTokenStores(ProcessingProperties properties) {
        Duration interval = properties.tokenWriteInterval();
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerTokenStore(configuration -> new CoalescingTokenStore(configuration.getComponent(TokenStore.class), interval, true))
                .registerTokenStore(PushProjection.GROUP, configuration ->
                        new CoalescingTokenStore(configuration.getComponent(TokenStore.class), interval, false)));
    }

    public static String databaseName(String mongoUri) {
        String name = new com.mongodb.ConnectionString(mongoUri).getDatabase();
        return name == null ? "messenger" : name;
    }
}
