package dev.messenger.gateway.admin;

import static dev.messenger.gateway.ApiClient.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.messenger.gateway.ApiClient;
import dev.messenger.gateway.ApiClient.User;
import dev.messenger.gateway.EventStory;
import dev.messenger.gateway.GatewayIntegrationTest;
import dev.messenger.gateway.Operators;
import dev.messenger.projections.search.SearchIndex;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bson.Document;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.redisson.api.RType;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.core.publisher.Flux;

/**
 * For every projection: plant data no replay can produce, rebuild through the operators' API, and require
 * the stray gone and the whole rebuilt read model equal to the one built live.
 */
class RebuildComplianceIT extends GatewayIntegrationTest {

    private static final Map<String, List<String>> MONGO = Map.of(
            "history", List.of("history_messages", "history_heads", "history_service", "media_shares"),
            "inbox", List.of("conversations", "user_conversations"),
            "blocks", List.of("user_blocks", "reports"));
    private static final Map<String, List<String>> REDIS = Map.of(
            "unread", List.of("unread:*"),
            "privacy", List.of("privacy:*"));

    @Autowired
    MongoDatabase messengerDatabase;
    @Autowired
    RedissonClient redis;
    @Autowired
    OpenSearchClient openSearch;
    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    /** The push projection's own tables (its outbox is not a read model: a rebuild never refills it). */
    private static final List<String> PUSH = List.of("push_member", "push_mute", "push_block", "push_encrypted_conversation");

    @ParameterizedTest
    @ValueSource(strings = {"history", "inbox", "blocks", "unread", "privacy", "search", "feed", "push"})
    void aRebuiltProjectionEqualsTheLiveOneAndHasNoStrays(String projection) throws Exception {
        ApiClient api = api();
        User admin = Operators.admin(api);
        EventStory.tell(api);
        eventually(() -> caughtUp(api, admin), "every projection caught up", Duration.ofSeconds(60));
        Object live = dump(projection);
        plantStray(projection);
        assertThat(dump(projection)).isNotEqualTo(live);

        assertThat(api.post(admin, "/admin/projections/" + projection + "/rebuild", Map.of()).status()).isEqualTo(202);
        eventually(() -> caughtUp(api, admin), projection + " rebuilt", Duration.ofSeconds(120));
        // the MongoDB stand-in's file backend makes writes visible to other connections up to ~1 s late
        eventually(() -> live.equals(dumpQuietly(projection)), projection + " equal to the live one", Duration.ofSeconds(30));
        assertThat(dump(projection)).isEqualTo(live);
    }

    private static boolean caughtUp(ApiClient api, User admin) {
        for (JsonNode p : api.get(admin, "/admin/projections").body().get("projections")) {
            if (p.get("replaying").asBoolean() || p.get("lag").asLong() != 0 || !p.get("status").asText().equals("running")) {
                return false;
            }
        }
        return true;
    }

    private Object dump(String projection) throws Exception {
        if (MONGO.containsKey(projection)) {
            Map<String, List<Document>> all = new TreeMap<>();
            for (String collection : MONGO.get(projection)) {
                all.put(collection, Flux.from(messengerDatabase.getCollection(collection).find().sort(new Document("_id", 1)))
                        .collectList().block(Duration.ofSeconds(30)));
            }
            return all;
        }
        if (REDIS.containsKey(projection)) {
            return redisDump(REDIS.get(projection).get(0));
        }
        if (projection.equals("push")) {
            Map<String, Object> tables = new TreeMap<>();
            for (String table : PUSH) {
                tables.put(table, jdbc.queryForList("SELECT * FROM " + table).stream().map(Object::toString).sorted().toList());
            }
            return tables;
        }
        if (projection.equals("search")) {
            openSearch.indices().refresh(r -> r.index(SearchIndex.ALIAS));
            Map<String, Object> documents = new TreeMap<>();
            openSearch.search(s -> s.index(SearchIndex.ALIAS).size(10_000), Map.class).hits().hits()
                    .forEach(hit -> documents.put(hit.id(), hit.source()));
            return documents;
        }
        // the feed: positions depend on how segments interleave conversations, so compare each user's entries per conversation
        Map<String, Object> feeds = new TreeMap<>();
        for (String key : redis.getKeys().getKeysByPattern("feed:{*}")) {
            Map<String, List<String>> byConversation = new TreeMap<>();
            redis.<String, String>getStream(key, StringCodec.INSTANCE).range(org.redisson.api.StreamMessageId.MIN,
                    org.redisson.api.StreamMessageId.MAX).values().forEach(fields -> byConversation
                    .computeIfAbsent(String.valueOf(fields.get("c")), k -> new ArrayList<>()).add(fields.get("t") + " " + fields.get("d")));
            feeds.put(key, byConversation);
        }
        feeds.put("bodies", redisDump("feed-body:*"));
        feeds.put("members", redisDump("feed-members:*"));
        return feeds;
    }

    private Object dumpQuietly(String projection) {
        try {
            return dump(projection);
        } catch (Exception e) {
            return e;
        }
    }

    private Map<String, Object> redisDump(String pattern) {
        Map<String, Object> all = new TreeMap<>();
        for (String key : redis.getKeys().getKeysByPattern(pattern)) {
            RType type = redis.getKeys().getType(key);
            Object value = switch (type) {
                case OBJECT -> redis.getBucket(key, StringCodec.INSTANCE).get();
                case MAP -> new TreeMap<>(redis.<String, String>getMap(key, StringCodec.INSTANCE).readAllMap());
                case SET -> new java.util.TreeSet<>(redis.<String>getSet(key, StringCodec.INSTANCE).readAll());
                case ZSET -> new ArrayList<>(redis.<String>getScoredSortedSet(key, StringCodec.INSTANCE).readAll());
                default -> type.toString();
            };
            all.put(key, value);
        }
        return all;
    }

    private void plantStray(String projection) throws Exception {
        if (MONGO.containsKey(projection)) {
            for (String collection : MONGO.get(projection)) {
                reactor.core.publisher.Mono.from(messengerDatabase.getCollection(collection)
                        .insertOne(new Document("_id", "stray-" + projection))).block(Duration.ofSeconds(10));
            }
        } else if (projection.equals("unread")) {
            redis.getMap("unread:{stray}:read", StringCodec.INSTANCE).put("u-ghost", "0");
        } else if (projection.equals("privacy")) {
            redis.getBucket("privacy:{u-ghost}", StringCodec.INSTANCE).set("0|NOBODY|NOBODY");
        } else if (projection.equals("push")) {
            jdbc.update("INSERT INTO push_member (conversation_id, user_id) VALUES ('c-ghost', 'u-ghost')");
            jdbc.update("INSERT INTO push_mute (conversation_id, user_id, until) VALUES ('c-ghost', 'u-ghost', now())");
        } else if (projection.equals("search")) {
            openSearch.index(i -> i.index(SearchIndex.ALIAS).id("stray").document(Map.of("conversationId", "c-ghost", "body", "ghost")));
        } else {
            redis.getMap("feed-body:{c-ghost}", StringCodec.INSTANCE).put("m-ghost", "boo");
        }
    }
}
