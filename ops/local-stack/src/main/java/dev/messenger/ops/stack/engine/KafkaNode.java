package dev.messenger.ops.stack.engine;

import java.io.IOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;

/**
 * One Kafka 3.9 broker in KRaft mode (combined broker and controller), from Apache's broker jars.
 * The log directory is formatted once ({@code --ignore-formatted} keeps an existing one).
 */
final class KafkaNode implements EngineNode {

    private KafkaRaftServer server;

    @Override
    public void start(int port, Path dir) throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        int controllerPort = controllerPort(dir);
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logs.toString());
        props.put("num.partitions", "4");
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("auto.create.topics.enable", "true");
        Path config = dir.resolve("server.properties");
        try (Writer out = Files.newBufferedWriter(config)) {
            props.store(out, "written by ops/local-stack on every start");
        }
        format(config, clusterId(dir));
        server = new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM);
        server.startup();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
        }
    }

    /** StorageTool ends with Exit.exit; turn that into an exception so the format runs in this JVM. */
    private static void format(Path config, String clusterId) {
        Exit.setExitProcedure((code, message) -> {
            throw new FormatFinished(code, message);
        });
        try {
            StorageTool.main(new String[] {"format", "-t", clusterId, "-c", config.toString(), "--ignore-formatted"});
        } catch (FormatFinished finished) {
            if (finished.code != 0) {
                throw new IllegalStateException("formatting the Kafka log directory failed: " + finished.getMessage());
            }
        } finally {
            Exit.resetExitProcedure();
        }
    }

    private static String clusterId(Path dir) throws IOException {
        Path file = dir.resolve("cluster.id");
        if (!Files.exists(file)) {
            Files.writeString(file, Uuid.randomUuid().toString());
        }
        return Files.readString(file).trim();
    }

    /** The controller port is chosen once and kept, so a restart finds the quorum where it was. */
    private static int controllerPort(Path dir) throws IOException {
        Path file = dir.resolve("controller.port");
        if (!Files.exists(file)) {
            try (ServerSocket socket = new ServerSocket(0)) {
                Files.writeString(file, String.valueOf(socket.getLocalPort()));
            }
        }
        return Integer.parseInt(Files.readString(file).trim());
    }

    private static final class FormatFinished extends RuntimeException {
        private final int code;

        FormatFinished(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }
}
