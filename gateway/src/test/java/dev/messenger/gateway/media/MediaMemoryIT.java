package dev.messenger.gateway.media;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.messenger.gateway.ApiClient;
import dev.messenger.gateway.GatewayProcess;
import dev.messenger.gateway.TestStack;
import dev.messenger.ops.stack.StackSettings;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file far larger than the gateway's whole heap goes up and comes back down: the gateway (the
 * packaged jar, in a JVM of its own with a 128 MB heap) streams it instead of holding it. That gateway
 * also logs as JSON, as configured.
 */
class MediaMemoryIT {

    private static final long SIZE = 200L * 1024 * 1024;
    private static final String HEAP = "-Xmx128m";

    @TempDir
    Path dataDir;

    @Test
    void aFileLargerThanTheGatewaysHeapIsUploadedAndDownloadedIntact() throws Exception {
        int port = StackSettings.freePort();
        Map<String, String> environment = new HashMap<>(TestStack.get().gatewayEnvironment());
        environment.put("MESSENGER_DATA_DIR", dataDir.toString());
        environment.put("MESSENGER_MEDIA_MAX_VIDEO", "400MB");
        // not a node that takes projection segments from the test JVM's gateway (they share the engines)
        environment.put("MESSENGER_PROCESSOR_BALANCING", "false");
        // and logs as JSON (Spring Boot's structured logging, switched on by configuration alone)
        environment.put("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs");
        GatewayProcess gateway = GatewayProcess.start(HEAP, port, dataDir.resolve("gateway.log"), environment);
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String base = "http://localhost:" + port;
            gateway.awaitReady(Duration.ofSeconds(120));
            ApiClient api = new ApiClient(port);
            ApiClient.User alice = api.signUp("alice");

            MessageDigest sent = MessageDigest.getInstance("SHA-256");
            HttpResponse<String> upload = http.send(HttpRequest.newBuilder(URI.create(base + "/media"))
                    .header("Authorization", alice.bearer()).header("Content-Type", "video/mp4")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new GeneratedVideo(SIZE, sent))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(upload.statusCode()).as(upload.body() + "\n" + gateway.log()).isEqualTo(201);
            JsonNode media = ApiClient.json(upload.body());
            String sha256 = HexFormat.of().formatHex(sent.digest());
            assertThat(media.get("size").asLong()).isEqualTo(SIZE);
            assertThat(media.get("sha256").asText()).isEqualTo(sha256);

            HttpResponse<InputStream> download = http.send(HttpRequest.newBuilder(URI.create(base + "/media/" + media.get("mediaId").asText()))
                    .header("Authorization", alice.bearer()).build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(download.statusCode()).isEqualTo(200);
            MessageDigest received = MessageDigest.getInstance("SHA-256");
            long length = 0;
            try (InputStream in = download.body()) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    received.update(buffer, 0, n);
                    length += n;
                }
            }
            assertThat(length).isEqualTo(SIZE);
            assertThat(HexFormat.of().formatHex(received.digest())).isEqualTo(sha256);
            // a 49-megapixel image, decoded whole, is 147 MB of pixels: more than this gateway's heap. Four thumbnails of
            // it asked for at once are each made (200) or deferred (503), and the gateway stays up
            java.awt.image.BufferedImage huge = new java.awt.image.BufferedImage(7000, 7000, java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
            java.awt.Graphics2D paint = huge.createGraphics();
            paint.setColor(java.awt.Color.ORANGE);
            paint.fillOval(500, 500, 6000, 6000);
            paint.dispose();
            java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
            javax.imageio.ImageIO.write(huge, "png", png);
            huge = null;
            HttpResponse<String> image = http.send(HttpRequest.newBuilder(URI.create(base + "/media"))
                    .header("Authorization", alice.bearer()).header("Content-Type", "image/png")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(png.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(image.statusCode()).as(image.body()).isEqualTo(201);
            String thumbnail = base + "/media/" + ApiClient.json(image.body()).get("mediaId").asText() + "/thumbnail";
            List<java.util.concurrent.CompletableFuture<HttpResponse<byte[]>>> thumbnails = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                thumbnails.add(http.sendAsync(HttpRequest.newBuilder(URI.create(thumbnail)).header("Authorization", alice.bearer()).build(),
                        HttpResponse.BodyHandlers.ofByteArray()));
            }
            int made = 0;
            for (var answer : thumbnails) {
                int status = answer.get(60, java.util.concurrent.TimeUnit.SECONDS).statusCode();
                assertThat(status).as(gateway.log(3000)).isIn(200, 503);
                made += status == 200 ? 1 : 0;
            }
            assertThat(made).as("at least one thumbnail made").isPositive();
            java.awt.image.BufferedImage small = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(
                    http.send(HttpRequest.newBuilder(URI.create(thumbnail)).header("Authorization", alice.bearer()).build(),
                            HttpResponse.BodyHandlers.ofByteArray()).body()));
            assertThat(Math.max(small.getWidth(), small.getHeight())).isEqualTo(320);

            assertThat(gateway.isAlive()).as("no OutOfMemoryError took the gateway down").isTrue();
            assertThat(gateway.log()).doesNotContain("OutOfMemoryError");
            String started = gateway.log().lines().filter(line -> line.contains("Started MessengerApplication")).findFirst().orElseThrow();
            assertThat(ApiClient.json(started).get("message").asText()).startsWith("Started MessengerApplication");
        } finally {
            gateway.stop();
        }
    }

    /** An MP4-typed stream of pseudo-random bytes, generated as it is read and hashed on the way. */
    static final class GeneratedVideo extends InputStream {
        private final long size;
        private final MessageDigest digest;
        private final Random random = new Random(7);
        private final byte[] block = new byte[1 << 16];
        private long position;

        GeneratedVideo(long size, MessageDigest digest) {
            this.size = size;
            this.digest = digest;
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
            int n = (int) Math.min(Math.min(length, block.length), size - position);
            random.nextBytes(block);
            if (position == 0) {
                byte[] header = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm'};
                System.arraycopy(header, 0, block, 0, header.length);
            }
            System.arraycopy(block, 0, target, offset, n);
            digest.update(target, offset, n);
            position += n;
            return n;
        }
    }
}
