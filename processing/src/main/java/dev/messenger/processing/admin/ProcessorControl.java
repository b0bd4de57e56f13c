package dev.messenger.processing.admin;

import java.time.Duration;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.redisson.api.RSet;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Stops and starts a processor on every gateway node, through a Redis topic every node listens to.
 * Stopping waits until no segment of the processor is claimed any more, so its tokens can be reset.
 * A paused processor is also recorded in Redis, so a node that starts later stops it too.
 */
@Component
public class ProcessorControl implements SmartInitializingSingleton, SmartLifecycle, DisposableBean {

    private static final String TOPIC = "admin:processors";
    private static final Duration RELEASE_TIMEOUT = Duration.ofSeconds(60);

    private final RedissonClient redis;
    private final EventProcessingConfiguration processing;
    private final String node;
    private final java.util.concurrent.ExecutorService commands = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "processor-control");
        thread.setDaemon(true);
        return thread;
    });
    private RTopic topic;
    private int listener;
    private volatile boolean running;

    public ProcessorControl(RedissonClient redis, EventProcessingConfiguration processing, dev.messenger.processing.GatewayNode node) {
        this.node = node.name();
        this.redis = redis;
        this.processing = processing;
    }

    @Override
    public void afterSingletonsInstantiated() {
        topic = redis.getTopic(TOPIC, StringCodec.INSTANCE);
        try {
            // stopping a processor waits for its threads: never on Redisson's event-loop thread
            listener = topic.addListener(String.class, (channel, message) -> commands.execute(() -> apply(message)));
        } catch (RuntimeException e) {
            // Redis down at start: this node then only controls its own processors
            topic = null;
        }
    }

    /**
     * Stops the processor everywhere and resets its tokens; {@code rebuild} identifies this reset (it is
     * the reset context: reset handlers receive it and the replay tokens carry it).
     */
    public void stopEverywhere(String name, String rebuild) {
        broadcast("stop " + name);
        TrackingEventProcessor processor = processing.eventProcessor(name, TrackingEventProcessor.class).orElseThrow();
        processor.shutDown();
        TokenStore tokens = processing.tokenStore(name);
        long deadline = System.nanoTime() + RELEASE_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                processor.resetTokens(rebuild);
                return;
            } catch (org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException e) {
                sleep(200); // another node still holds a segment: it is stopping
            }
        }
        throw new IllegalStateException("the segments of " + name + " were not released within " + RELEASE_TIMEOUT
                + " (" + tokens.fetchSegments(name).length + " segments)");
    }

    /** Starts the processor on every node (and ends a pause). */
    public void startEverywhere(String name) {
        paused().remove(name);
        processing.eventProcessor(name, TrackingEventProcessor.class).orElseThrow().start();
        broadcast("start " + name);
    }

    /** Stops the processor on every node, its tokens kept, until {@link #startEverywhere}; nodes started meanwhile stop it too. */
    public void pauseEverywhere(String name) {
        paused().add(name);
        broadcast("stop " + name);
        processing.eventProcessor(name, TrackingEventProcessor.class).orElseThrow().shutDown();
    }

    /** The projections paused on every node, in one read. */
    public java.util.Set<String> pausedProjections() {
        try {
            return paused().readAll();
        } catch (RuntimeException e) {
            return java.util.Set.of(); // Redis down: the listing still answers
        }
    }

    private RSet<String> paused() {
        return dev.messenger.processing.PausedProjections.in(redis);
    }

    /**
     * After Axon has started its processors: stops those paused on every node. Those paused when this node was
     * configured were not started ({@code ProcessingConfiguration}); this covers a pause that came in between.
     */
    @Override
    public void start() {
        running = true;
        try {
            for (String name : paused().readAll()) {
                processing.eventProcessor(name, TrackingEventProcessor.class).ifPresent(TrackingEventProcessor::shutDown);
            }
        } catch (RuntimeException e) {
            // Redis down at start: no pause is known, every processor runs
        }
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100; // after Axon has started its processors (phase 1024)
    }

    private void broadcast(String command) {
        if (topic != null) {
            topic.publish(node + " " + command);
        }
    }

    private void apply(String message) {
        String[] parts = message.split(" ", 3);
        if (parts.length != 3 || parts[0].equals(node)) {
            return;
        }
        processing.eventProcessor(parts[2], TrackingEventProcessor.class).ifPresent(processor -> {
            if (parts[1].equals("stop")) {
                processor.shutDown();
            } else if (parts[1].equals("start")) {
                processor.start();
            }
        });
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void destroy() {
        if (topic != null) {
            topic.removeListener(listener);
        }
        commands.shutdownNow();
    }
}
