package dev.messenger.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.jcodec.api.awt.AWTSequenceEncoder;
import org.jcodec.common.io.ByteBufferSeekableByteChannel;
import org.jcodec.common.io.SeekableByteChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durations, dimensions, waveforms and poster frames, read from files made here (an H.264 MP4 by JCodec's encoder, a WAV
 * by javax.sound) and from two recorded by Chromium's MediaRecorder, as a browser sends them (VP8 video and Opus audio
 * in WebM, 1.4 s each; in {@code src/test/resources/media}).
 */
class MediaPlaybackTest {

    @TempDir
    Path directory;

    @Test
    void anMp4SaysItsDurationAndSizeAndItsFirstFrameIsThePoster() throws Exception {
        byte[] mp4 = h264(Color.RED, Color.BLUE);

        MediaPlayback.Playback playback = MediaPlayback.probe("video/mp4", channel(mp4));
        assertThat(playback.durationMillis()).isEqualTo(2_500); // 25 frames at 10 per second
        assertThat(playback.width()).isEqualTo(160);
        assertThat(playback.height()).isEqualTo(96);
        assertThat(playback.waveform()).isNull();

        MediaPlayback.Frame poster = MediaPlayback.firstFrame("video/mp4", channel(mp4)).orElseThrow();
        assertThat(poster.picture().getWidth()).isEqualTo(160);
        assertThat(poster.orientation()).isEqualTo(1);
        assertThat(reddish(poster.picture().getRGB(80, 48))).as("the first frame, red, not a later blue one").isTrue();
    }

    @Test
    void aVideoFilmedTurnedIsShownTurned() throws Exception {
        byte[] mp4 = turnedQuarter(h264(Color.RED, Color.BLUE));

        MediaPlayback.Playback playback = MediaPlayback.probe("video/mp4", channel(mp4));
        assertThat(playback.width()).isEqualTo(96);
        assertThat(playback.height()).isEqualTo(160);
        assertThat(MediaPlayback.firstFrame("video/mp4", channel(mp4)).orElseThrow().orientation()).isEqualTo(6);
    }

    @Test
    void aWebmVideoRecordedInABrowserHasItsDurationSizeAndPoster() throws Exception {
        byte[] webm = Files.readAllBytes(Path.of("src/test/resources/media/recorded-vp8.webm"));

        MediaPlayback.Playback playback = MediaPlayback.probe("video/webm", channel(webm));
        assertThat(playback.durationMillis()).isBetween(1_400L, 1_500L);
        assertThat(playback.width()).isEqualTo(160);
        assertThat(playback.height()).isEqualTo(96);

        BufferedImage poster = MediaPlayback.firstFrame("video/webm", channel(webm)).orElseThrow().picture();
        assertThat(poster.getWidth()).isEqualTo(160);
        assertThat(reddish(poster.getRGB(80, 48))).as("the recording's first frame was painted hsl(0, 80%, 50%)").isTrue();
    }

    @Test
    void aWebmVoiceNoteHasItsDurationButNoPoster() throws Exception {
        byte[] webm = Files.readAllBytes(Path.of("src/test/resources/media/recorded-opus.webm"));

        MediaPlayback.Playback playback = MediaPlayback.probe("audio/webm", channel(webm));
        assertThat(playback.durationMillis()).isBetween(1_400L, 1_500L);
        assertThat(playback.width()).isNull();
        assertThat(MediaPlayback.firstFrame("audio/webm", channel(webm))).isEmpty();
    }

    @Test
    void aWebmWithoutADeclaredDurationIsAsLongAsItsLastBlock() throws Exception {
        byte[] webm = Files.readAllBytes(Path.of("src/test/resources/media/recorded-opus.webm"));
        // the Duration element (id 0x4489, a size, a float) made a Void element (id 0xEC) over the same bytes, which readers
        // skip: a live recording's file need not say how long it is
        int at = indexOf(webm, new byte[] {0x44, (byte) 0x89});
        int floatLength = webm[at + 2] & 0x7F;
        assertThat(floatLength).isIn(4, 8);
        webm[at] = (byte) 0xEC;
        webm[at + 1] = (byte) (0x80 | (1 + floatLength));
        assertThat(MediaPlayback.probe("audio/webm", channel(webm)).durationMillis()).isBetween(1_400L, 1_500L);
    }

    @Test
    void aWavSaysItsDurationAndAWaveformOfItsLoudness() throws Exception {
        int rate = 8_000;
        ByteBuffer samples = ByteBuffer.allocate(rate * 2).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < rate; i++) { // one second of a tone swelling from silence to full scale
            samples.putShort((short) (Math.sin(i * 2 * Math.PI * 440 / rate) * 32_000 * i / rate));
        }
        AudioFormat format = new AudioFormat(rate, 16, 1, true, false);
        ByteArrayOutputStream wav = new ByteArrayOutputStream();
        AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(samples.array()), format, rate), AudioFileFormat.Type.WAVE, wav);

        MediaPlayback.Playback playback = MediaPlayback.probe("audio/wav", channel(wav.toByteArray()));
        assertThat(playback.durationMillis()).isEqualTo(1_000);
        List<Integer> waveform = playback.waveform();
        assertThat(waveform).hasSize(MediaPlayback.WAVEFORM_BARS);
        assertThat(waveform.get(waveform.size() - 1)).isEqualTo(100);
        assertThat(waveform.get(0)).isLessThan(5);
        assertThat(waveform.get(waveform.size() / 2)).isBetween(40, 60);
        assertThat(waveform).isSorted();
    }

    @Test
    void whatCannotBeReadHasNothingToSayAndNoPoster() {
        byte[] garbage = new byte[4096];
        Arrays.fill(garbage, (byte) 7);
        for (String type : List.of("video/mp4", "video/webm", "audio/wav", "audio/ogg", "audio/mpeg")) {
            assertThat(MediaPlayback.probe(type, channel(garbage))).as(type).isEqualTo(MediaPlayback.Playback.UNKNOWN);
            assertThat(MediaPlayback.firstFrame(type, channel(garbage))).as(type).isEmpty();
        }
    }

    @Test
    void theStoredFileIsReadAcrossChunksFromAnyPosition() throws IOException {
        byte[] file = new byte[1000];
        for (int i = 0; i < file.length; i++) {
            file[i] = (byte) i;
        }
        int[] fetched = new int[1];
        StoredMediaChannel channel = new StoredMediaChannel(file.length, 300, n -> {
            fetched[0]++;
            return Arrays.copyOfRange(file, n * 300, Math.min(file.length, (n + 1) * 300));
        });
        ByteBuffer read = ByteBuffer.allocate(400);
        channel.setPosition(250);
        assertThat(channel.read(read)).isEqualTo(400);
        assertThat(read.array()).isEqualTo(Arrays.copyOfRange(file, 250, 650));
        assertThat(channel.position()).isEqualTo(650);

        channel.setPosition(990);
        ByteBuffer tail = ByteBuffer.allocate(50);
        assertThat(channel.read(tail)).isEqualTo(10);
        assertThat(channel.read(tail)).isEqualTo(-1);
        assertThat(fetched[0]).as("chunks 0, 1, 2 and 3, each once").isEqualTo(4);
    }

    /** 2.5 s of H.264 at 160×96: the first frame {@code first}, the others {@code then}. */
    private byte[] h264(Color first, Color then) throws IOException {
        Path file = directory.resolve("clip.mp4");
        AWTSequenceEncoder encoder = AWTSequenceEncoder.createSequenceEncoder(file.toFile(), 10);
        for (int i = 0; i < 25; i++) {
            BufferedImage frame = new BufferedImage(160, 96, BufferedImage.TYPE_3BYTE_BGR);
            Graphics2D paint = frame.createGraphics();
            paint.setColor(i == 0 ? first : then);
            paint.fillRect(0, 0, 160, 96);
            paint.dispose();
            encoder.encodeImage(frame);
        }
        encoder.finish();
        return Files.readAllBytes(file);
    }

    /** The video track's matrix set to a quarter turn clockwise, as a phone held upright records. */
    private static byte[] turnedQuarter(byte[] mp4) {
        int tkhd = indexOf(mp4, "tkhd".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(mp4[tkhd + 4]).as("a version 0 tkhd").isZero();
        // after the type: version and flags, creation, modification, track id, reserved, duration (4 each), reserved (8),
        // layer, alternate group, volume, reserved (2 each): the 3×3 matrix starts 40 bytes in
        ByteBuffer matrix = ByteBuffer.wrap(mp4, tkhd + 4 + 40, 36);
        for (int value : new int[] {0, 0x10000, 0, -0x10000, 0, 0, 0, 0, 0x40000000}) {
            matrix.putInt(value);
        }
        return mp4;
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        for (int i = 0; i + part.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }

    private static boolean reddish(int rgb) {
        Color color = new Color(rgb);
        return color.getRed() > 180 && color.getGreen() < 80 && color.getBlue() < 80;
    }

    private static SeekableByteChannel channel(byte[] bytes) {
        return new ByteBufferSeekableByteChannel(ByteBuffer.wrap(bytes), bytes.length);
    }
}
