package dev.messenger.ops.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** Every engine of the local stack keeps what it acknowledged across a clean stop and start. */
class LocalStackRestartIT {

    private static final String VALUE = "written-before-restart";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyEngineKeepsItsDataAcrossARestart() throws Exception {
        StackSettings settings = StackSettings.forTests(Files.createTempDirectory("stack-restart-"));
        try (LocalStack stack = LocalStack.start(settings)) {
            writeEverywhere(stack);
        }
        assertThat(RunningProcess.isListening(settings.port(Engine.POSTGRES))).isFalse();
        try (LocalStack stack = LocalStack.start(settings)) {
            assertThat(readPostgres(stack)).isEqualTo(VALUE);
            assertThat(readMongo(stack)).isEqualTo(VALUE);
            assertThat(readOpenSearch(stack)).contains(VALUE);
            assertThat(readRedis(stack)).isEqualTo(VALUE);
            assertThat(readKafka(stack)).isEqualTo(VALUE);
        }
    }

    @Test
    void aSecondStackOnTheSamePortsIsRefusedWithAClearMessage() throws Exception {
        StackSettings settings = StackSettings.forTests(Files.createTempDirectory("stack-busy-"));
        try (java.net.ServerSocket busy = new java.net.ServerSocket(settings.port(Engine.REDIS))) {
            StackSettings redisOnly = new StackSettings(settings.dataDir(), settings.ports(), Map.of(
                    Engine.POSTGRES, "external", Engine.MONGODB, "external", Engine.OPENSEARCH, "external",
                    Engine.KAFKA, "external"), settings.gatewayPort());
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> LocalStack.start(redisOnly))
                    .hasMessageContaining("already in use")
                    .hasMessageContaining("MESSENGER_REDIS_PORT");
        }
    }

    private void writeEverywhere(LocalStack stack) throws Exception {
        try (Connection db = DriverManager.getConnection(stack.url(Engine.POSTGRES))) {
            db.createStatement().execute("CREATE TABLE kept (v TEXT)");
            db.createStatement().execute("INSERT INTO kept VALUES ('" + VALUE + "')");
        }
        try (MongoClient mongo = MongoClients.create(stack.url(Engine.MONGODB))) {
            mongo.getDatabase("messenger").getCollection("kept").insertOne(new Document("_id", 1).append("v", VALUE));
        }
        String os = stack.url(Engine.OPENSEARCH);
        send("PUT", os + "/kept", "{\"settings\":{\"number_of_replicas\":0}}");
        send("PUT", os + "/kept/_doc/1?refresh=true", "{\"v\":\"" + VALUE + "\"}");
        try (Jedis redis = new Jedis(URI.create(stack.url(Engine.REDIS)))) {
            redis.set("kept", VALUE);
        }
        Properties producer = new Properties();
        producer.put("bootstrap.servers", stack.url(Engine.KAFKA));
        producer.put("acks", "all");
        try (KafkaProducer<String, String> kafka = new KafkaProducer<>(producer, new StringSerializer(), new StringSerializer())) {
            kafka.send(new ProducerRecord<>("kept", "k", VALUE)).get();
        }
    }

    private static String readPostgres(LocalStack stack) throws Exception {
        try (Connection db = DriverManager.getConnection(stack.url(Engine.POSTGRES));
             ResultSet rows = db.createStatement().executeQuery("SELECT v FROM kept")) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static String readMongo(LocalStack stack) {
        try (MongoClient mongo = MongoClients.create(stack.url(Engine.MONGODB))) {
            return mongo.getDatabase("messenger").getCollection("kept").find(new Document("_id", 1)).first().getString("v");
        }
    }

    private String readOpenSearch(LocalStack stack) throws Exception {
        send("GET", stack.url(Engine.OPENSEARCH) + "/_cluster/health/kept?wait_for_status=green&timeout=30s", null);
        return send("GET", stack.url(Engine.OPENSEARCH) + "/kept/_doc/1", null);
    }

    private static String readRedis(LocalStack stack) {
        try (Jedis redis = new Jedis(URI.create(stack.url(Engine.REDIS)))) {
            return redis.get("kept");
        }
    }

    private static String readKafka(LocalStack stack) {
        Properties consumer = new Properties();
        consumer.put("bootstrap.servers", stack.url(Engine.KAFKA));
        consumer.put("group.id", "restart-test");
        consumer.put("auto.offset.reset", "earliest");
        try (KafkaConsumer<String, String> kafka = new KafkaConsumer<>(consumer, new StringDeserializer(), new StringDeserializer())) {
            kafka.subscribe(List.of("kept"));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : kafka.poll(Duration.ofMillis(500))) {
                    return record.value();
                }
            }
            return null;
        }
    }

    private String send(String method, String url, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json");
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + url + ": " + response.body()).isBetween(200, 299);
        return response.body();
    }
}
