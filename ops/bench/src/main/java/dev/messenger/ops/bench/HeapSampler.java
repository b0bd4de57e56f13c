package dev.messenger.ops.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicLong;

/** The gateway's used heap, polled in the background; the highest value since the last reset. */
final class HeapSampler extends Thread {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http;
    private final String base;
    private final String token;
    private final AtomicLong peak = new AtomicLong();

    HeapSampler(HttpClient http, String base, String token) {
        super("heap-sampler");
        setDaemon(true);
        this.http = http;
        this.base = base;
        this.token = token;
    }

    long peakAndReset() {
        return peak.getAndSet(0);
    }

    @Override
    public void run() {
        while (!isInterrupted()) {
            try {
                HttpResponse<String> response = http.send(AdminCli.request(base + "/actuator/metrics/jvm.memory.used?tag=area:heap", token)
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
                long used = JSON.readTree(response.body()).get("measurements").get(0).get("value").asLong();
                peak.accumulateAndGet(used, Math::max);
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // a missed sample
            }
        }
    }
}
