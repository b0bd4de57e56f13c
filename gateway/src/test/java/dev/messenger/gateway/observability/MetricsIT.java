package dev.messenger.gateway.observability;

import static dev.messenger.gateway.ApiClient.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.messenger.gateway.ApiClient;
import dev.messenger.gateway.ApiClient.User;
import dev.messenger.gateway.GatewayIntegrationTest;
import dev.messenger.gateway.Operators;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What an operator's Prometheus scrapes from {@code /actuator/prometheus} after some traffic. */
class MetricsIT extends GatewayIntegrationTest {

    @Test
    void aScrapeAfterTrafficHasEveryMeterWithValues() throws Exception {
        ApiClient api = api();
        User admin = Operators.admin(api);
        User alice = api.signUp("alice");
        User bob = api.signUp("bob");
        String chat = api.directChat(alice, bob);
        try (ApiClient.EventStream stream = api.openEvents(bob, "0")) {
            for (int i = 0; i < 5; i++) {
                api.post(alice, "/messages/send", Map.of("conversationId", chat, "body", "metered " + i));
            }
            for (int i = 0; i < 15; i++) {
                api.post(alice, "/conversations/" + chat + "/typing", Map.of());
            }
            stream.next("message.sent");
            eventually(() -> value(scrape(api, admin), "messenger_sse_streams_open", "") >= 1, "an open stream counted");
            // sent with the stream open: it arrives live, and its wait in this node is timed
            api.post(alice, "/messages/send", Map.of("conversationId", chat, "body", "metered live"));

            eventually(() -> {
                String metrics = scrape(api, admin);
                return value(metrics, "http_server_requests_seconds_count", "uri=\"/messages/send\"") >= 5
                        && value(metrics, "messenger_feed_replays_total", "") >= 1
                        && value(metrics, "messenger_feed_stream_delay_seconds_count", "") >= 1
                        && value(metrics, "messenger_rate_limit_rejections_total", "action=\"typing\"") >= 1
                        && value(metrics, "messenger_projection_position", "projection=\"history\"") > 0
                        && metrics.contains("messenger_projection_lag{")
                        && value(metrics, "commandBus_allTimer_seconds_count", "payloadType=\"SendMessage\"") >= 5
                        && value(metrics, "eventStore_ingestedCounter_total", "") >= 6
                        && value(metrics, "eventProcessor_successCounter_total", "processorName=\"history\"") > 0
                        && value(metrics, "kafka_producer_record_send_total", "") > 0
                        && metrics.contains("hikaricp_connections_active")
                        && metrics.contains("mongodb_driver_pool_size");
            }, "every meter with a value");
        }
    }

    /** The Grafana dashboard and the alert rules in ops/ query meters that a real scrape has. */
    @Test
    void theDashboardAndAlertRulesQueryMetersThatExist() throws Exception {
        ApiClient api = api();
        User admin = Operators.admin(api);
        User alice = api.signUp("alice");
        User bob = api.signUp("bob");
        String chat = api.directChat(alice, bob);
        api.post(alice, "/messages/send", Map.of("conversationId", chat, "body", "for the dashboard"));
        for (int i = 0; i < 12; i++) {
            api.post(alice, "/conversations/" + chat + "/typing", Map.of());
        }
        java.nio.file.Path ops = java.nio.file.Path.of("..", "ops", "observability");
        java.util.Set<String> queried = new java.util.TreeSet<>();
        @SuppressWarnings("unchecked")
        Map<String, Object> rules = new org.yaml.snakeyaml.Yaml().load(java.nio.file.Files.readString(ops.resolve("prometheus-rules.yml")));
        for (Object group : (List<?>) rules.get("groups")) {
            for (Object rule : (List<?>) ((Map<?, ?>) group).get("rules")) {
                assertThat(((Map<?, ?>) rule).keySet().stream().map(String::valueOf).toList()).as("an alert rule")
                        .contains("alert", "expr", "labels", "annotations");
                queried.addAll(meters(String.valueOf(((Map<?, ?>) rule).get("expr"))));
            }
        }
        com.fasterxml.jackson.databind.JsonNode dashboard = ApiClient.json(java.nio.file.Files.readString(ops.resolve("grafana-dashboard.json")));
        for (com.fasterxml.jackson.databind.JsonNode panel : dashboard.get("panels")) {
            for (com.fasterxml.jackson.databind.JsonNode target : panel.get("targets")) {
                queried.addAll(meters(target.get("expr").asText()));
            }
        }
        assertThat(queried).contains("messenger_projection_lag", "http_server_requests_seconds_bucket");
        eventually(() -> {
            String metrics = scrape(api, admin);
            return queried.stream().allMatch(meter -> Pattern.compile("(?m)^" + Pattern.quote(meter) + "[{ ]").matcher(metrics).find());
        }, "every queried meter in the scrape: " + queried);
    }

    /** Meter names in a PromQL expression (identifiers followed by a label set, a range or a closing parenthesis). */
    private static java.util.Set<String> meters(String promql) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        Matcher identifiers = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(?=[{\\[)])").matcher(promql);
        while (identifiers.find()) {
            String name = identifiers.group(1);
            if (name.contains("_") && !name.equals("histogram_quantile")) {
                names.add(name);
            }
        }
        return names;
    }

    private static String scrape(ApiClient api, User admin) {
        var response = api.getText(admin, "/actuator/prometheus");
        assertThat(response.status()).isEqualTo(200);
        try { // kept for whoever reads a failure
            java.nio.file.Files.writeString(java.nio.file.Path.of("target", "last-scrape.txt"), response.text());
        } catch (java.io.IOException ignored) {
            // only a diagnostic
        }
        return response.text();
    }

    /** The sum of a meter's samples whose labels contain {@code labels} (NaN-free; 0 when absent). */
    static double value(String scrape, String name, String labels) {
        Matcher samples = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? (\\S+)$").matcher(scrape);
        double sum = 0;
        while (samples.find()) {
            if (labels.isEmpty() || (samples.group(1) != null && samples.group(1).contains(labels))) {
                sum += Double.parseDouble(samples.group(2));
            }
        }
        return sum;
    }
}
