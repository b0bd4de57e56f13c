package dev.messenger.ops.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Upload and download throughput of one large file on a running system, and the gateway's heap
 * meanwhile (sampled every 50 ms from {@code /actuator/metrics/jvm.memory.used}, which needs an admin:
 * MESSENGER_ADMIN_USER / MESSENGER_ADMIN_PASSWORD).
 *
 * <p>{@code ops/messenger bench-media [MB]} (default 50; MESSENGER_URL as for the other commands).
 */
public final class MediaBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    private MediaBenchmark() {
    }

    /** The command line of {@code ops/messenger bench-media}. */
    static picocli.CommandLine.Model.CommandSpec spec() {
        picocli.CommandLine.Model.CommandSpec spec = dev.messenger.ops.cli.Cli.command("bench-media",
                "Upload and download one file of MB megabytes on a running system, with the gateway's heap (MESSENGER_URL; "
                        + "MESSENGER_ADMIN_USER and MESSENGER_ADMIN_PASSWORD for the heap).");
        spec.addPositional(dev.messenger.ops.cli.Cli.positional(0, "MB", long.class, "50", "the file's size in megabytes"));
        return spec;
    }

    public static void main(String[] args) throws Exception {
        picocli.CommandLine.Model.CommandSpec spec = spec();
        dev.messenger.ops.cli.Cli.parseOrExit(spec, args);
        long size = dev.messenger.ops.cli.Cli.<Long>value(spec, 0) * 1024 * 1024;
        String base = System.getenv().getOrDefault("MESSENGER_URL", "http://localhost:8080");
        HttpClient http = HttpClient.newHttpClient();
        String admin = AdminCli.signIn(http, base);
        String user = "bench_" + UUID.randomUUID().toString().substring(0, 8);
        post(http, base, "/auth/register", Map.of("username", user, "password", "bench password 1", "displayName", "Bench"));
        String token = post(http, base, "/auth/token", Map.of("username", user, "password", "bench password 1"))
                .get("access_token").asText();

        HeapSampler heap = new HeapSampler(http, base, admin);
        heap.start();
        long start = System.nanoTime();
        HttpResponse<String> upload = http.send(HttpRequest.newBuilder(URI.create(base + "/media"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "video/mp4")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new Video(size))).build(), HttpResponse.BodyHandlers.ofString());
        double uploadSeconds = (System.nanoTime() - start) / 1e9;
        long uploadPeak = heap.peakAndReset();
        if (upload.statusCode() != 201) {
            throw new IllegalStateException("upload answered " + upload.statusCode() + ": " + upload.body());
        }
        String mediaId = JSON.readTree(upload.body()).get("mediaId").asText();

        start = System.nanoTime();
        HttpResponse<InputStream> download = http.send(HttpRequest.newBuilder(URI.create(base + "/media/" + mediaId))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofInputStream());
        long received = 0;
        try (InputStream in = download.body()) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                received += n;
            }
        }
        double downloadSeconds = (System.nanoTime() - start) / 1e9;
        long downloadPeak = heap.peakAndReset();
        heap.interrupt();
        if (received != size) {
            throw new IllegalStateException("downloaded " + received + " of " + size + " bytes");
        }
        double megabytes = size / (1024.0 * 1024.0);
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("machine", Runtime.getRuntime().availableProcessors() + " cores, the whole local stack and the gateway on it");
        results.put("fileMB", Math.round(megabytes));
        results.put("uploadMBps", Math.round(megabytes / uploadSeconds * 10) / 10.0);
        results.put("uploadSeconds", Math.round(uploadSeconds * 10) / 10.0);
        results.put("gatewayPeakHeapDuringUploadMB", uploadPeak / (1024 * 1024));
        results.put("downloadMBps", Math.round(megabytes / downloadSeconds * 10) / 10.0);
        results.put("downloadSeconds", Math.round(downloadSeconds * 10) / 10.0);
        results.put("gatewayPeakHeapDuringDownloadMB", downloadPeak / (1024 * 1024));
        BenchResults.write("media", results);
    }

    private static JsonNode post(HttpClient http, String base, String path, Object body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    /** An MP4-typed stream of pseudo-random bytes, generated as it is read. */
    private static final class Video extends InputStream {
        private final long size;
        private final Random random = new Random(1);
        private long position;

        Video(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            if (position >= size) {
                return -1;
            }
            int n = (int) Math.min(Math.min(length, 1 << 16), size - position);
            byte[] block = new byte[n];
            random.nextBytes(block);
            if (position == 0 && n >= 12) {
                System.arraycopy(new byte[] {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm'}, 0, block, 0, 12);
            }
            System.arraycopy(block, 0, target, offset, n);
            position += n;
            return n;
        }
    }
}
