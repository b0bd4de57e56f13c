package dev.messenger.gateway.axon;

import com.github.benmanes.caffeine.jcache.configuration.CaffeineConfiguration;
import dev.messenger.events.upcasting.Upcasters;
import dev.messenger.gateway.MessengerProperties;
import dev.messenger.gateway.observability.SampledTracesOnly;
import dev.messenger.processing.metrics.EventProcessorMonitor;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandBusSpanFactory;
import org.axonframework.commandhandling.LoggingDuplicateCommandHandlerResolver;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.distributed.AnnotationRoutingStrategy;
import org.axonframework.commandhandling.distributed.UnresolvedRoutingKeyPolicy;
import org.axonframework.messaging.interceptors.CorrelationDataInterceptor;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.IntervalRetryScheduler;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.JCacheAdapter;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.messaging.Message;
import org.axonframework.micrometer.GlobalMetricRegistry;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Aggregate caching and snapshots, command retries, tracing and meters, and the event store; how projections are run
 * is {@link dev.messenger.processing.ProcessingConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
public class AxonConfiguration {

    private static final String CAFFEINE_PROVIDER = "com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider";

    /**
     * A bounded in-memory cache: a busy conversation is not re-read from the event store per command. A cache
     * manager of this application context's own (JCache providers are JVM-wide, and a second context in the same
     * JVM, as in tests, would find the cache already there).
     */
    @Bean(destroyMethod = "close")
    CacheManager aggregateCacheManager() {
        javax.cache.spi.CachingProvider provider = Caching.getCachingProvider(CAFFEINE_PROVIDER);
        return provider.getCacheManager(java.net.URI.create("messenger:aggregates:" + java.util.UUID.randomUUID()),
                AxonConfiguration.class.getClassLoader());
    }

    @Bean
    Cache conversationCache(CacheManager aggregateCacheManager, MessengerProperties properties) {
        CaffeineConfiguration<Object, Object> configuration = new CaffeineConfiguration<>();
        configuration.setMaximumSize(OptionalLong.of(properties.aggregates().cacheSize()));
        return new JCacheAdapter(aggregateCacheManager.createCache("conversations", configuration));
    }

    /**
     * Axon's spans (command dispatch and handling, event publication, each projection's handling) on the
     * same OpenTelemetry as Spring's request spans, so one trace runs from the request to the projections;
     * the trace context travels in message metadata. Only for requests the sampler keeps ({@link SampledTracesOnly}).
     */
    @Bean
    org.axonframework.tracing.SpanFactory spanFactory(io.opentelemetry.api.OpenTelemetry openTelemetry) {
        var propagator = openTelemetry.getPropagators().getTextMapPropagator();
        return new SampledTracesOnly(org.axonframework.tracing.opentelemetry.OpenTelemetrySpanFactory.builder()
                .tracer(openTelemetry.getTracer("messenger-axon"))
                .contextPropagators(propagator)
                .build(), propagator);
    }

    /**
     * Axon's meters for the command bus, the event store and the buses, with its default tags; the event processors
     * get {@link EventProcessorMonitor}, which keeps Axon's meter names at a fraction of the cost per event.
     */
    @Bean
    org.axonframework.micrometer.MetricsConfigurerModule metricsConfigurerModule(GlobalMetricRegistry metrics) {
        return new org.axonframework.micrometer.MetricsConfigurerModule(metrics, true) {
            @Override
            @SuppressWarnings("unchecked")
            public void configureModule(org.axonframework.config.Configurer configurer) {
                configurer.configureMessageMonitor(configuration -> (componentType, componentName) ->
                        org.axonframework.eventhandling.EventProcessor.class.isAssignableFrom(componentType)
                                ? (MessageMonitor<Message<?>>) (MessageMonitor<?>) new EventProcessorMonitor(componentName, metrics.getRegistry())
                                : (MessageMonitor<Message<?>>) metrics.registerComponentWithDefaultTags(componentType, componentName));
            }
        };
    }

    /**
     * Background tasks that run every second or so (the search index promotion check, the projection gauges)
     * are neither traced nor timed: a trace per tick would only bury the requests' traces.
     */
    @Bean
    io.micrometer.observation.ObservationPredicate noScheduledTaskObservations() {
        return (name, context) -> !name.equals("tasks.scheduled.execution");
    }

    /** Older revisions of events, read as the current ones (by aggregates and projections alike). */
    @Bean
    EventUpcasterChain eventUpcasters() {
        return Upcasters.chain();
    }

    /**
     * Axon's JDBC event store as its auto-configuration builds it, reading the log with fewer round trips
     * ({@link PostgresEventLog}), and {@code messenger.processors.fetch-size} events per query instead of 100: a
     * processor replaying the log makes one round trip per fetch, which at 100 was a fifth of a replay's time. The
     * processors' batches are sized on their own.
     */
    @Bean
    org.axonframework.eventsourcing.eventstore.EventStorageEngine eventStorageEngine(
            org.axonframework.serialization.Serializer defaultSerializer,
            org.axonframework.common.jdbc.PersistenceExceptionResolver persistenceExceptionResolver,
            @org.springframework.beans.factory.annotation.Qualifier("eventSerializer") org.axonframework.serialization.Serializer eventSerializer,
            org.axonframework.config.Configuration configuration,
            org.axonframework.common.jdbc.ConnectionProvider connectionProvider,
            org.axonframework.common.transaction.TransactionManager transactionManager,
            dev.messenger.processing.ProcessingProperties processing,
            dev.messenger.processing.erasure.BodyKeys bodyKeys) {
        return dev.messenger.processing.PostgresEventLog.build(org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine.builder()
                .snapshotSerializer(defaultSerializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .snapshotFilter(configuration.snapshotFilter())
                .connectionProvider(connectionProvider)
                .batchSize(processing.fetchSize()), eventSerializer, transactionManager, bodyKeys);
    }

    /** Message bodies' keys (crypto-shredding), remembered on this node for the projections that read them. */
    @Bean
    dev.messenger.processing.erasure.BodyKeys bodyKeys(org.springframework.jdbc.core.JdbcTemplate jdbc,
                                                      @org.springframework.beans.factory.annotation.Value("${messenger.body-keys.remembered:200000}") long remembered) {
        return new dev.messenger.processing.erasure.BodyKeys(jdbc, remembered);
    }

    /**
     * A lost append race (another node appended to the conversation first) as Axon's ConcurrencyException, which the
     * command gateway retries with the aggregate read again. Axon's JDBC default recognises a duplicate key only as a
     * {@code SQLIntegrityConstraintViolationException}, which PostgreSQL's driver never throws: the race then surfaced
     * as a non-transient EventStoreException, never retried, a 500 (found by FaultToleranceIT with two nodes sending).
     */
    @Bean
    org.axonframework.common.jdbc.PersistenceExceptionResolver persistenceExceptionResolver() {
        return new PostgresDuplicateKeys();
    }

    @Bean
    SnapshotTriggerDefinition conversationSnapshotTrigger(Snapshotter snapshotter, MessengerProperties properties) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, properties.aggregates().snapshotThreshold());
    }

    /**
     * Retries commands that lost an optimistic-locking race (two gateway nodes appending to the same
     * conversation); rule violations are non-transient and never retried.
     */
    @Bean(destroyMethod = "shutdown")
    ScheduledExecutorService commandRetryExecutor() {
        return Executors.newScheduledThreadPool(1, r -> {
            Thread thread = new Thread(r, "command-retry");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Commands with group commit ({@link GroupCommitCommandBus}) in front of Axon's simple bus, which is built here as
     * Axon's auto-configuration would build it (transactions, meters, spans, correlation data), since a bus of our
     * own replaces it there.
     */
    @Bean(destroyMethod = "shutdown")
    GroupCommitCommandBus commandBus(org.axonframework.common.transaction.TransactionManager transactions,
                                     org.axonframework.config.Configuration axon, CommandProperties properties,
                                     io.micrometer.core.instrument.MeterRegistry meters) {
        SimpleCommandBus local = SimpleCommandBus.builder()
                .transactionManager(transactions)
                .duplicateCommandHandlerResolver(LoggingDuplicateCommandHandlerResolver.instance())
                .spanFactory(axon.getComponent(CommandBusSpanFactory.class))
                .messageMonitor(axon.messageMonitor(CommandBus.class, "commandBus"))
                .build();
        local.registerHandlerInterceptor(new CorrelationDataInterceptor<>(axon.correlationDataProviders()));
        // a conversation's (an aggregate's) commands on one lane; a command naming no aggregate on any
        AnnotationRoutingStrategy routing = AnnotationRoutingStrategy.builder()
                .fallbackRoutingStrategy(UnresolvedRoutingKeyPolicy.RANDOM_KEY).build();
        return new GroupCommitCommandBus(local, transactions, (command, lanes) -> routing.getRoutingKey(command).hashCode(),
                properties.lanes(), properties.groupSize(), properties.queueCapacity(), meters);
    }

    @Bean
    CommandGateway commandGateway(CommandBus commandBus, ScheduledExecutorService commandRetryExecutor) {
        return DefaultCommandGateway.builder()
                .commandBus(commandBus)
                .retryScheduler(IntervalRetryScheduler.builder()
                        .retryExecutor(commandRetryExecutor)
                        .retryInterval(20)
                        .maxRetryCount(5)
                        .build())
                .build();
    }

}
