package dev.messenger.gateway.media;

import static dev.messenger.gateway.ApiClient.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.messenger.gateway.ApiClient;
import dev.messenger.gateway.ApiClient.User;
import dev.messenger.gateway.GatewayIntegrationTest;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.core.publisher.Mono;

/** Media upload and download on the real stack: GridFS in the MongoDB stand-in, over real HTTP. */
class MediaIT extends GatewayIntegrationTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    MongoDatabase messengerDatabase;

    @Test
    void uploadsAreTypedByTheirBytesStoredOnceAndServedWithRanges() throws Exception {
        User alice = api().signUp("alice");
        byte[] png = image(800, 600, "png");
        JsonNode uploaded = json(upload(alice, "image/png", png));
        assertThat(uploaded.get("contentType").asText()).isEqualTo("image/png");
        assertThat(uploaded.get("size").asLong()).isEqualTo(png.length);
        assertThat(uploaded.get("sha256").asText()).isEqualTo(sha256(png));
        assertThat(uploaded.get("width").asInt()).isEqualTo(800);
        assertThat(uploaded.get("height").asInt()).isEqualTo(600);
        HttpResponse<byte[]> again = upload(alice, "image/png", png);
        assertThat(again.statusCode()).as("the same file again is stored once").isEqualTo(200);
        assertThat(json(again).get("mediaId").asText()).isEqualTo(uploaded.get("mediaId").asText());

        HttpResponse<byte[]> jpeg = uploadMultipart(alice, "image/jpeg", image(640, 480, "jpeg"));
        assertThat(jpeg.statusCode()).isEqualTo(201);
        assertThat(json(jpeg).get("contentType").asText()).isEqualTo("image/jpeg");
        assertThat(json(upload(alice, "audio/ogg", ogg(40_000))).get("contentType").asText()).isEqualTo("audio/ogg");

        HttpResponse<byte[]> fake = upload(alice, "image/png", "<html>not a picture</html>".getBytes(StandardCharsets.UTF_8));
        assertThat(fake.statusCode()).isEqualTo(415);
        assertThat(fake.headers().firstValue("Content-Type")).hasValue("application/problem+json");

        byte[] video = mp4(600_000); // three GridFS chunks of 255 KiB
        String videoId = json(upload(alice, "video/mp4", video)).get("mediaId").asText();
        HttpResponse<byte[]> whole = download(alice, "/media/" + videoId, Map.of());
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(video);
        assertThat(whole.headers().firstValue("Content-Type")).hasValue("video/mp4");
        assertThat(whole.headers().firstValue("ETag")).hasValue("\"" + sha256(video) + "\"");
        assertThat(whole.headers().firstValue("Cache-Control").orElseThrow()).contains("private");

        HttpResponse<byte[]> across = download(alice, "/media/" + videoId, Map.of("Range", "bytes=250000-530000"));
        assertThat(across.statusCode()).isEqualTo(206);
        assertThat(across.headers().firstValue("Content-Range")).hasValue("bytes 250000-530000/600000");
        assertThat(across.body()).isEqualTo(Arrays.copyOfRange(video, 250000, 530001));
        HttpResponse<byte[]> tail = download(alice, "/media/" + videoId, Map.of("Range", "bytes=-100"));
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(video, 599900, 600000));
        HttpResponse<byte[]> beyond = download(alice, "/media/" + videoId, Map.of("Range", "bytes=700000-"));
        assertThat(beyond.statusCode()).isEqualTo(416);
        assertThat(beyond.headers().firstValue("Content-Range")).hasValue("bytes */600000");
        HttpResponse<byte[]> cached = download(alice, "/media/" + videoId, Map.of("If-None-Match", "\"" + sha256(video) + "\""));
        assertThat(cached.statusCode()).isEqualTo(304);
    }

    @Test
    void aFileSentInAConversationIsForItsParticipantsOnlyAndImagesGetAThumbnail() throws Exception {
        ApiClient api = api();
        User alice = api.signUp("alice");
        User bob = api.signUp("bob");
        User outsider = api.signUp("outsider");
        String chat = api.directChat(alice, bob);
        byte[] png = image(1200, 900, "png");
        String photo = json(upload(alice, "image/png", png)).get("mediaId").asText();
        assertThat(download(bob, "/media/" + photo, Map.of()).statusCode()).as("not sent yet").isEqualTo(404);

        assertThat(api.post(bob, "/messages/send", Map.of("conversationId", chat, "mediaId", photo)).status())
                .as("only the uploader sends a file").isEqualTo(404);
        assertThat(api.post(alice, "/messages/send", Map.of("conversationId", chat, "mediaId", photo)).status()).isEqualTo(201);
        eventually(() -> api.get(bob, "/messages/history?conversation_id=" + chat).body().get("messages").size() == 1, "in history");
        JsonNode media = api.get(bob, "/messages/history?conversation_id=" + chat).body().get("messages").get(0).get("media");
        assertThat(media.get("mediaId").asText()).isEqualTo(photo);
        assertThat(media.get("contentType").asText()).isEqualTo("image/png");
        assertThat(media.get("size").asLong()).isEqualTo(png.length);
        assertThat(media.get("width").asInt()).isEqualTo(1200);
        // the feed is a projection of its own: it may show the message a moment after history
        java.util.concurrent.atomic.AtomicReference<JsonNode> sent = new java.util.concurrent.atomic.AtomicReference<>();
        eventually(() -> {
            for (JsonNode event : api.get(bob, "/sync?since=0").body().get("events")) {
                if (event.get("event").asText().equals("message.sent")) {
                    sent.set(event.get("data"));
                }
            }
            return sent.get() != null;
        }, "in the feed");
        assertThat(sent.get().get("media").get("mediaId").asText()).isEqualTo(photo);

        eventually(() -> download(bob, "/media/" + photo, Map.of()).statusCode() == 200, "readable by the recipient");
        assertThat(download(bob, "/media/" + photo, Map.of()).body()).isEqualTo(png);
        assertThat(download(outsider, "/media/" + photo, Map.of()).statusCode()).isEqualTo(404);
        assertThat(download(outsider, "/media/" + photo + "/thumbnail", Map.of()).statusCode()).isEqualTo(404);

        HttpResponse<byte[]> thumbnail = download(bob, "/media/" + photo + "/thumbnail", Map.of());
        assertThat(thumbnail.statusCode()).isEqualTo(200);
        BufferedImage small = ImageIO.read(new ByteArrayInputStream(thumbnail.body()));
        assertThat(small.getWidth()).isEqualTo(320);
        assertThat(small.getHeight()).isEqualTo(240);
        assertThat(thumbnail.body().length).isLessThan(png.length);
        assertThat(download(alice, "/media/" + photo + "/thumbnail", Map.of()).headers().firstValue("ETag"))
                .as("made once").isEqualTo(thumbnail.headers().firstValue("ETag"));
    }

    /**
     * Pictures the JDK alone cannot read (CMYK JPEG, WebP: TwelveMonkeys' plugins) get dimensions and thumbnails, a
     * photo's EXIF orientation is applied to both, a photo is kept without its GPS position, and a HEIC photo is stored
     * as one, without dimensions or thumbnail.
     */
    @Test
    void everyKindOfPictureIsMeasuredAndThumbnailedAsItIsShown() throws Exception {
        User alice = api().signUp("alice");
        for (String fixture : List.of("photo-cmyk.jpg", "photo.webp")) {
            JsonNode stored = json(upload(alice, fixture.endsWith(".webp") ? "image/webp" : "image/jpeg", fixture(fixture)));
            assertThat(stored.get("width").asInt()).as(fixture).isEqualTo(400);
            assertThat(stored.get("height").asInt()).as(fixture).isEqualTo(300);
            BufferedImage small = thumbnail(alice, stored.get("mediaId").asText());
            assertThat(small.getWidth()).as(fixture).isEqualTo(320);
            assertThat(small.getHeight()).as(fixture).isEqualTo(240);
            assertThat(reddish(small.getRGB(40, 40))).as(fixture + ": red top left, as drawn").isTrue();
            assertThat(reddish(small.getRGB(280, 200))).as(fixture + ": blue elsewhere").isFalse();
        }

        // stored 400 x 300 with red top left, EXIF orientation 6: shown turned a quarter clockwise, red top right
        JsonNode rotated = json(upload(alice, "image/jpeg", fixture("rotated.jpg")));
        assertThat(rotated.get("width").asInt()).isEqualTo(300);
        assertThat(rotated.get("height").asInt()).isEqualTo(400);
        BufferedImage upright = thumbnail(alice, rotated.get("mediaId").asText());
        assertThat(upright.getWidth()).isEqualTo(240);
        assertThat(upright.getHeight()).isEqualTo(320);
        assertThat(reddish(upright.getRGB(200, 40))).as("red top right").isTrue();
        assertThat(reddish(upright.getRGB(40, 40))).as("blue top left").isFalse();

        // what is kept has no GPS position any more, and still its orientation; the same photo again is the same file
        byte[] kept = download(alice, "/media/" + rotated.get("mediaId").asText(), Map.of()).body();
        com.drew.metadata.Metadata metadata = com.drew.imaging.ImageMetadataReader.readMetadata(new ByteArrayInputStream(kept));
        assertThat(metadata.getFirstDirectoryOfType(com.drew.metadata.exif.GpsDirectory.class)).isNull();
        assertThat(metadata.getFirstDirectoryOfType(com.drew.metadata.exif.ExifIFD0Directory.class)
                .getInt(com.drew.metadata.exif.ExifIFD0Directory.TAG_ORIENTATION)).isEqualTo(6);
        assertThat(rotated.get("sha256").asText()).isEqualTo(sha256(kept));
        assertThat(rotated.get("size").asLong()).isEqualTo(kept.length).isLessThan(fixture("rotated.jpg").length);
        HttpResponse<byte[]> again = upload(alice, "image/jpeg", fixture("rotated.jpg"));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again).get("mediaId").asText()).isEqualTo(rotated.get("mediaId").asText());

        byte[] heic = ("\0\0\0\u0018ftypheic\0\0\0\0mif1heic\0\0\0\u0008free").getBytes(StandardCharsets.ISO_8859_1);
        HttpResponse<byte[]> photo = upload(alice, "image/heic", heic);
        assertThat(photo.statusCode()).isEqualTo(201);
        assertThat(json(photo).get("contentType").asText()).isEqualTo("image/heic");
        assertThat(json(photo).has("width") && !json(photo).get("width").isNull()).as("no decoder: no dimensions").isFalse();
        assertThat(download(alice, "/media/" + json(photo).get("mediaId").asText() + "/thumbnail", Map.of()).statusCode()).isEqualTo(404);
        assertThat(upload(alice, "image/heic", mp4(2_000)).statusCode()).as("an MP4 declared as a photo").isEqualTo(415);
    }

    /**
     * A video (H.264 in MP4, larger than one GridFS chunk) gets its size and duration at upload and its first frame as its
     * thumbnail; a WAV voice note its duration and waveform; both travel with the message into history.
     */
    @Test
    void videosAndAudioGetDurationsAPosterFrameAndAWaveform() throws Exception {
        ApiClient api = api();
        User alice = api.signUp("alice");
        User bob = api.signUp("bob");
        String chat = api.directChat(alice, bob);

        byte[] video = h264(320, 192, 40);
        assertThat(video.length).as("read across GridFS chunks").isGreaterThan(255 * 1024);
        JsonNode clip = json(upload(alice, "video/mp4", video));
        assertThat(clip.get("durationMillis").asLong()).isEqualTo(4_000); // 40 frames at 10 per second
        assertThat(clip.get("width").asInt()).isEqualTo(320);
        assertThat(clip.get("height").asInt()).isEqualTo(192);
        String clipId = clip.get("mediaId").asText();
        assertThat(api.post(alice, "/messages/send", Map.of("conversationId", chat, "mediaId", clipId)).status()).isEqualTo(201);

        int rate = 8_000;
        java.nio.ByteBuffer samples = java.nio.ByteBuffer.allocate(rate * 3).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < rate * 3 / 2; i++) { // a second and a half of a tone, then silence
            samples.putShort((short) (Math.sin(i * 2 * Math.PI * 300 / rate) * 20_000));
        }
        ByteArrayOutputStream wav = new ByteArrayOutputStream();
        javax.sound.sampled.AudioSystem.write(new javax.sound.sampled.AudioInputStream(new ByteArrayInputStream(samples.array()),
                new javax.sound.sampled.AudioFormat(rate, 16, 1, true, false), rate * 3 / 2), javax.sound.sampled.AudioFileFormat.Type.WAVE, wav);
        JsonNode note = json(upload(alice, "audio/wav", wav.toByteArray()));
        assertThat(note.get("contentType").asText()).isEqualTo("audio/wav");
        assertThat(note.get("durationMillis").asLong()).isEqualTo(1_500);
        assertThat(note.get("waveform")).hasSize(48);
        assertThat(note.get("width").isNull()).isTrue();
        assertThat(api.post(alice, "/messages/send", Map.of("conversationId", chat, "mediaId", note.get("mediaId").asText())).status())
                .isEqualTo(201);

        eventually(() -> api.get(bob, "/messages/history?conversation_id=" + chat).body().get("messages").size() == 2, "in history");
        JsonNode messages = api.get(bob, "/messages/history?conversation_id=" + chat).body().get("messages");
        JsonNode sentClip = messages.get(0).get("media").get("mediaId").asText().equals(clipId) ? messages.get(0) : messages.get(1);
        JsonNode sentNote = sentClip == messages.get(0) ? messages.get(1) : messages.get(0);
        assertThat(sentClip.get("media").get("durationMillis").asLong()).isEqualTo(4_000);
        assertThat(sentClip.get("media").get("width").asInt()).isEqualTo(320);
        assertThat(sentNote.get("media").get("durationMillis").asLong()).isEqualTo(1_500);
        assertThat(sentNote.get("media").get("waveform")).isEqualTo(note.get("waveform"));

        BufferedImage poster = thumbnail(bob, clipId);
        assertThat(poster.getWidth()).isEqualTo(320);
        assertThat(poster.getHeight()).isEqualTo(192);
        assertThat(reddish(poster.getRGB(160, 96))).as("the first frame, red, not the blue ones after it").isTrue();
        assertThat(download(bob, "/media/" + note.get("mediaId").asText() + "/thumbnail", Map.of()).statusCode())
                .as("audio has no picture").isEqualTo(404);
    }

    /** H.264 in MP4 encoded by JCodec at 10 frames a second: a red first frame, then blue ones under noise (so it is large). */
    private static byte[] h264(int width, int height, int frames) throws IOException {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("clip", ".mp4");
        try {
            org.jcodec.api.awt.AWTSequenceEncoder encoder = org.jcodec.api.awt.AWTSequenceEncoder.createSequenceEncoder(file.toFile(), 10);
            Random noise = new Random(7);
            for (int i = 0; i < frames; i++) {
                BufferedImage frame = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
                Graphics2D paint = frame.createGraphics();
                paint.setColor(i == 0 ? Color.RED : Color.BLUE);
                paint.fillRect(0, 0, width, height);
                paint.dispose();
                if (i > 0) {
                    for (int p = 0; p < width * height / 2; p++) {
                        frame.setRGB(noise.nextInt(width), noise.nextInt(height), noise.nextInt());
                    }
                }
                encoder.encodeImage(frame);
            }
            encoder.finish();
            return java.nio.file.Files.readAllBytes(file);
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }

    @Test
    void documentsAreStoredByWhatTheyAreAndOnlyEverDownloaded() throws Exception {
        User alice = api().signUp("alice");
        byte[] pdf = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".getBytes(StandardCharsets.ISO_8859_1);
        JsonNode stored = json(upload(alice, "application/pdf", pdf));
        assertThat(stored.get("contentType").asText()).isEqualTo("application/pdf");
        String mediaId = stored.get("mediaId").asText();
        HttpResponse<byte[]> served = download(alice, "/media/" + mediaId, Map.of());
        assertThat(served.body()).isEqualTo(pdf);
        assertThat(served.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(served.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"" + mediaId + ".pdf\"");
        assertThat(served.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(download(alice, "/media/" + mediaId + "/thumbnail", Map.of()).statusCode()).isEqualTo(404);

        String docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
        HttpResponse<byte[]> word = uploadMultipart(alice, docx, officeDocument());
        assertThat(word.statusCode()).isEqualTo(201);
        assertThat(json(word).get("contentType").asText()).isEqualTo(docx);
        assertThat(upload(alice, "application/zip", officeDocument()).statusCode()).as("an archive").isEqualTo(415);
        assertThat(upload(alice, "application/pdf", "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8)).statusCode())
                .as("a page declared as a document").isEqualTo(415);
    }

    private BufferedImage thumbnail(User user, String mediaId) throws IOException {
        HttpResponse<byte[]> response = download(user, "/media/" + mediaId + "/thumbnail", Map.of());
        assertThat(response.statusCode()).as("thumbnail of " + mediaId).isEqualTo(200);
        return ImageIO.read(new ByteArrayInputStream(response.body()));
    }

    private static boolean reddish(int rgb) {
        Color color = new Color(rgb);
        return color.getRed() > 180 && color.getBlue() < 80;
    }

    private static byte[] fixture(String name) throws IOException {
        try (var in = MediaIT.class.getResourceAsStream("/media/" + name)) {
            return in.readAllBytes();
        }
    }

    /** A ZIP container whose first entry is an OOXML package's content types, as Word writes it. */
    private static byte[] officeDocument() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(out)) {
            zip.putNextEntry(new java.util.zip.ZipEntry("[Content_Types].xml"));
            zip.write("<?xml version=\"1.0\"?><Types/>".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new java.util.zip.ZipEntry("word/document.xml"));
            zip.write("<w:document/>".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return out.toByteArray();
    }

    /** Both sides of a chat ask for a new picture's thumbnail at once (found by the web client's browser test). */
    @Test
    void concurrentFirstRequestsForAThumbnailAllGetTheSameOne() throws Exception {
        ApiClient api = api();
        User alice = api.signUp("alice");
        User bob = api.signUp("bob");
        String chat = api.directChat(alice, bob);
        String photo = json(upload(alice, "image/png", image(800, 600, "png"))).get("mediaId").asText();
        assertThat(api.post(alice, "/messages/send", Map.of("conversationId", chat, "mediaId", photo)).status()).isEqualTo(201);
        eventually(() -> download(bob, "/media/" + photo, Map.of()).statusCode() == 200, "readable by the recipient");
        long filesBefore = count("media.files");

        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            java.util.List<java.util.concurrent.Future<HttpResponse<byte[]>>> requests = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                User asker = i % 2 == 0 ? alice : bob;
                requests.add(pool.submit(() -> download(asker, "/media/" + photo + "/thumbnail", Map.of())));
            }
            java.util.Set<String> bodies = new java.util.HashSet<>();
            for (var request : requests) {
                HttpResponse<byte[]> thumbnail = request.get(60, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(thumbnail.statusCode()).isEqualTo(200);
                assertThat(ImageIO.read(new ByteArrayInputStream(thumbnail.body())).getWidth()).isEqualTo(320);
                bodies.add(sha256(thumbnail.body()));
            }
            assertThat(bodies).as("one thumbnail kept, served to all").hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(count("media.files")).as("the losers' copies are gone").isEqualTo(filesBefore + 1);
    }

    @Test
    void anOversizedUploadIs413AndLeavesNothingInGridFs() throws Exception {
        User alice = api().signUp("alice");
        long files = count("media.files");
        long chunks = count("media.chunks");
        long size = 17L * 1024 * 1024; // audio is limited to 16 MB
        HttpResponse<byte[]> declared = upload(alice, "audio/ogg", ogg((int) size));
        assertThat(declared.statusCode()).isEqualTo(413);
        // without a Content-Length the limit is found while streaming, after chunks were written
        HttpResponse<byte[]> streamed = http.send(HttpRequest.newBuilder(uri("/media")).header("Authorization", alice.bearer())
                .header("Content-Type", "audio/ogg")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(ogg((int) size)))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(streamed.statusCode()).isEqualTo(413);
        assertThat(streamed.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        eventually(() -> count("media.files") == files && count("media.chunks") == chunks, "nothing left in GridFS");
    }

    private long count(String collection) {
        return Mono.from(messengerDatabase.getCollection(collection).countDocuments(new Document())).block(Duration.ofSeconds(10));
    }

    private HttpResponse<byte[]> upload(User user, String contentType, byte[] bytes) {
        return send(HttpRequest.newBuilder(uri("/media")).header("Authorization", user.bearer()).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build());
    }

    private HttpResponse<byte[]> uploadMultipart(User user, String contentType, byte[] bytes) throws IOException {
        String boundary = "b" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"caption\"\r\n\r\nignored\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"photo\"\r\nContent-Type: " + contentType + "\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(bytes);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(uri("/media")).header("Authorization", user.bearer())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
    }

    private HttpResponse<byte[]> download(User user, String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Authorization", user.bearer()).GET();
        headers.forEach(request::header);
        return send(request.build());
    }

    private HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static JsonNode json(HttpResponse<byte[]> response) {
        assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isIn(200, 201);
        return ApiClient.json(new String(response.body(), StandardCharsets.UTF_8));
    }

    static byte[] image(int width, int height, String format) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        Random random = new Random(width);
        for (int i = 0; i < 200; i++) {
            graphics.setColor(new Color(random.nextInt(0xFFFFFF)));
            graphics.fillOval(random.nextInt(width), random.nextInt(height), 20 + random.nextInt(200), 20 + random.nextInt(200));
        }
        graphics.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, format, out);
        return out.toByteArray();
    }

    /** An ISO base media file: an ftyp box, then arbitrary bytes. */
    static byte[] mp4(int size) {
        byte[] bytes = noise(size, 1);
        byte[] header = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0, 'i', 's', 'o', 'm', 'm', 'p', '4', '1'};
        System.arraycopy(header, 0, bytes, 0, header.length);
        return bytes;
    }

    /** An Ogg stream's capture pattern, then arbitrary bytes. */
    static byte[] ogg(int size) {
        byte[] bytes = noise(size, 2);
        System.arraycopy("OggS".getBytes(StandardCharsets.US_ASCII), 0, bytes, 0, 4);
        return bytes;
    }

    private static byte[] noise(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
