package dev.messenger.processing;

import java.time.Duration;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;

/**
 * How the projections run: tracking processors with their defaults, the token store owned by this node, and the
 * watchdog over units of work (processor batches and commands alike).
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
public class ProcessingConfiguration {

    /** Axon's JDBC token store, as its auto-configuration makes it, owned by this node's unique name. */
    @Bean
    org.axonframework.eventhandling.tokenstore.TokenStore tokenStore(org.axonframework.common.jdbc.ConnectionProvider connectionProvider,
            org.axonframework.serialization.Serializer serializer, org.axonframework.springboot.TokenStoreProperties properties,
            GatewayNode node) {
        return org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore.builder()
                .connectionProvider(connectionProvider)
                .schema(new org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema())
                .serializer(serializer)
                .claimTimeout(properties.getClaimTimeout())
                .nodeId(node.name())
                .build();
    }

    /**
     * A warning with the stack of a command or processor batch still running after 10 s, an interrupt after 60 s
     * (Axon's defaults), by {@link UnitOfWorkWatchdog} instead of Axon's timeout module ({@code axon.timeout.enabled}
     * is false), which read the thread's whole stack for every unit of work.
     */
    @Bean(destroyMethod = "close")
    UnitOfWorkWatchdog unitOfWorkWatchdog(@Value("${messenger.units-of-work.warn-after:10s}") Duration warnAfter,
                                          @Value("${messenger.units-of-work.interrupt-after:60s}") Duration interruptAfter) {
        return new UnitOfWorkWatchdog("command bus", warnAfter, interruptAfter, Duration.ofSeconds(1));
    }

    @Bean
    ConfigurerModule unitOfWorkWatchdogModule(UnitOfWorkWatchdog watchdog) {
        return configurer -> {
            configurer.eventProcessing().registerDefaultHandlerInterceptor((configuration, name) -> watchdog.forComponent("EventProcessor " + name));
            configurer.onInitialize(configuration -> configuration.onStart(Integer.MIN_VALUE,
                    () -> configuration.commandBus().registerHandlerInterceptor(watchdog)));
        };
    }

    /** Every processor sends what its batch still holds after the last event ({@link FlushWhatIsLeft}). */
    @Bean
    ConfigurerModule flushWhatIsLeftModule() {
        return configurer -> configurer.eventProcessing().registerDefaultHandlerInterceptor((configuration, name) -> new FlushWhatIsLeft());
    }

    /**
     * Tracking processors, one thread per segment; segments are claimed through the token store, so
     * several gateway nodes share a projection. Not pooled streaming processors: on Axon's embedded
     * event store their streams offer no availability callback, so a caught-up pooled processor polls
     * every 500 ms (measured: delivery p50 414 ms), while a tracking processor is woken on commit.
     * The embedded store can miss a wake-up (its consumers check for events before waiting on the
     * signal), so the wait is bounded by a short availability timeout instead of Axon's 1 s.
     */
    @Autowired
    void configureProcessors(EventProcessingConfigurer processing, ProcessingProperties properties, org.redisson.api.RedissonClient redis) {
        // a projection that cannot write (its engine is down) must stop and retry, never skip the event:
        // Axon's default would log the failure and move the token on, losing that event for the read model
        processing.registerDefaultListenerInvocationErrorHandler(configuration -> PropagatingErrorHandler.instance());
        processing.usingTrackingEventProcessors()
                .registerTrackingEventProcessorConfiguration(configuration -> trackingConfiguration(properties.segments(),
                        properties.batchSize(), properties));
        // a projection with settings of its own (messenger.processors.projections.<name>.*)
        properties.projections().keySet().forEach(name -> processing.registerTrackingEventProcessorConfiguration(name,
                configuration -> trackingConfiguration(properties.segmentsOf(name), properties.batchSizeOf(name), properties)));
        // a projection paused on every node is not started on this one at all. Stopping it right after Axon started it
        // could leave one of its segments without a thread here until the node restarts: Axon's worker launcher, stopped
        // while it hands its last segment to itself, frees the segment but not the thread it had counted for it
        // (docs/operations.md, "Projections: listing, rebuilds, pauses")
        PausedProjections.atStart(redis).forEach(name -> processing.registerTrackingEventProcessorConfiguration(name,
                configuration -> trackingConfiguration(properties.segmentsOf(name), properties.batchSizeOf(name), properties)
                        .andAutoStart(false)));
        // every processor reads the log through the linger but those a person waits for, which read it directly
        processing.configureDefaultStreamableMessageSource(configuration ->
                new LingeringEventSource(configuration.eventStore(), properties.linger()));
        properties.immediate().forEach(name -> processing.registerTrackingEventProcessor(name, Configuration::eventStore));
    }

    private static TrackingEventProcessorConfiguration trackingConfiguration(int segments, int batchSize, ProcessingProperties properties) {
        return TrackingEventProcessorConfiguration.forParallelProcessing(segments)
                .andInitialSegmentsCount(segments)
                .andBatchSize(batchSize)
                .andEventAvailabilityTimeout(properties.eventAvailabilityTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }
}
