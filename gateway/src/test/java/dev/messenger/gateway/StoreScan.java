package dev.messenger.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.messenger.ops.stack.Engine;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.bson.Document;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * Searches every store of the test stack for texts (message bodies that must not be there): every table of PostgreSQL
 * (the event log included), every MongoDB collection, every OpenSearch index, every Redis key, and Kafka's records.
 */
public final class StoreScan {

    private final DataSource postgres;
    private final com.mongodb.client.MongoClient mongo;
    private final RedissonClient redis;

    public StoreScan(DataSource postgres, com.mongodb.client.MongoClient mongo, RedissonClient redis) {
        this.postgres = postgres;
        this.mongo = mongo;
        this.redis = redis;
    }

    /** Per store, which of the texts it holds; Kafka's records only of the topics {@code kafkaTopics} accepts. */
    public Map<String, List<String>> everyStore(List<String> secrets, java.util.function.Predicate<String> kafkaTopics) throws Exception {
        Map<String, List<String>> found = new LinkedHashMap<>();
        found.put("postgresql", inPostgres(secrets));
        found.put("mongodb", inMongo(secrets));
        found.put("opensearch", inOpenSearch(secrets));
        found.put("redis", inRedis(secrets));
        found.put("kafka", inKafka(secrets, kafkaTopics));
        return found;
    }

    public List<String> inPostgres(List<String> secrets) throws Exception {
        Set<String> leaks = new HashSet<>();
        try (Connection connection = postgres.getConnection(); Statement statement = connection.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery(
                    "SELECT table_schema || '.' || table_name FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')")) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet rows = statement.executeQuery("SELECT * FROM " + table)) {
                    int columns = rows.getMetaData().getColumnCount();
                    while (rows.next()) {
                        for (int c = 1; c <= columns; c++) {
                            byte[] value = rows.getBytes(c);
                            collect(value == null ? "" : new String(value, StandardCharsets.UTF_8), secrets, leaks);
                        }
                    }
                }
            }
        }
        return List.copyOf(leaks);
    }

    public List<String> inMongo(List<String> secrets) {
        Set<String> leaks = new HashSet<>();
        for (String database : mongo.listDatabaseNames()) {
            for (String collection : mongo.getDatabase(database).listCollectionNames()) {
                // in small batches: the shared stack also holds the files other tests uploaded (GridFS chunks of 255 KB)
                for (Document document : mongo.getDatabase(database).getCollection(collection).find().batchSize(16)) {
                    collect(document.toJson(), secrets, leaks);
                }
            }
        }
        return List.copyOf(leaks);
    }

    public static List<String> inOpenSearch(List<String> secrets) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        String url = TestStack.get().url(Engine.OPENSEARCH);
        client.send(HttpRequest.newBuilder(URI.create(url + "/_refresh")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        String all = client.send(HttpRequest.newBuilder(URI.create(url + "/_all/_search?size=10000")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(all).contains("\"hits\"");
        Set<String> leaks = new HashSet<>();
        collect(all, secrets, leaks);
        return List.copyOf(leaks);
    }

    public List<String> inRedis(List<String> secrets) {
        // every key's value as text, whatever its type (a stream's entries, a hash's fields ...)
        String dump = """
                local t = redis.call('TYPE', KEYS[1]).ok
                if t == 'string' then return redis.call('GET', KEYS[1])
                elseif t == 'hash' then return cjson.encode(redis.call('HGETALL', KEYS[1]))
                elseif t == 'set' then return cjson.encode(redis.call('SMEMBERS', KEYS[1]))
                elseif t == 'zset' then return cjson.encode(redis.call('ZRANGE', KEYS[1], 0, -1))
                elseif t == 'list' then return cjson.encode(redis.call('LRANGE', KEYS[1], 0, -1))
                elseif t == 'stream' then return cjson.encode(redis.call('XRANGE', KEYS[1], '-', '+'))
                else return '' end
                """;
        Set<String> leaks = new HashSet<>();
        for (String key : redis.getKeys().getKeys()) {
            collect(key, secrets, leaks);
            String value = redis.getScript(StringCodec.INSTANCE).eval(key, RScript.Mode.READ_ONLY, dump, RScript.ReturnType.VALUE,
                    List.of(key));
            collect(value == null ? "" : value, secrets, leaks);
        }
        return List.copyOf(leaks);
    }

    /** Every record of the topics {@code topics} accepts, from the beginning: keys, values and headers. */
    public static List<String> inKafka(List<String> secrets, java.util.function.Predicate<String> topics) {
        Set<String> leaks = ConcurrentHashMap.newKeySet();
        eachRecord(topics, record -> {
            StringBuilder text = new StringBuilder();
            text.append(record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8)).append('\n');
            text.append(record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8)).append('\n');
            for (Header header : record.headers()) {
                text.append(new String(header.value(), StandardCharsets.UTF_8)).append('\n');
            }
            collect(text.toString(), secrets, leaks);
        });
        return List.copyOf(leaks);
    }

    /** Hands every record of the topics {@code topics} accepts to {@code each}, from the beginning to the end as it is now. */
    public static void eachRecord(java.util.function.Predicate<String> topics,
                                  java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> each) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.get().url(Engine.KAFKA));
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "store-scan-" + UUID.randomUUID());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.listTopics().values().stream().flatMap(List::stream)
                    .filter(info -> topics.test(info.topic())).map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            assertThat(partitions).isNotEmpty();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    each.accept(record);
                }
            }
            assertThat(partitions).allSatisfy(p -> assertThat(consumer.position(p)).isGreaterThanOrEqualTo(end.get(p)));
        }
    }

    private static void collect(String text, List<String> secrets, Set<String> leaks) {
        for (String secret : secrets) {
            if (text.contains(secret)) {
                leaks.add(secret);
            }
        }
    }

}
