package dev.messenger.media;

import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import org.jcodec.api.FrameGrab;
import org.jcodec.codecs.vpx.VP8Decoder;
import org.jcodec.common.Codec;
import org.jcodec.common.DemuxerTrack;
import org.jcodec.common.DemuxerTrackMeta;
import org.jcodec.common.TrackType;
import org.jcodec.common.io.SeekableByteChannel;
import org.jcodec.common.model.ColorSpace;
import org.jcodec.common.model.Packet;
import org.jcodec.common.model.Picture;
import org.jcodec.common.model.Size;
import org.jcodec.containers.mkv.MKVParser;
import org.jcodec.containers.mkv.MKVType;
import org.jcodec.containers.mkv.boxes.EbmlBase;
import org.jcodec.containers.mkv.boxes.EbmlFloat;
import org.jcodec.containers.mkv.boxes.EbmlMaster;
import org.jcodec.containers.mkv.boxes.EbmlUint;
import org.jcodec.containers.mkv.boxes.MkvBlock;
import org.jcodec.containers.mkv.demuxer.MKVDemuxer;
import org.jcodec.containers.mp4.demuxer.MP4Demuxer;
import org.jcodec.scale.AWTUtil;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * What a video or audio file holds, read once when it is uploaded: its duration, a video's dimensions (as shown: a phone's
 * rotation applied), and a waveform for uncompressed audio (WAV); and a video's first frame as its poster, made when its
 * thumbnail is first asked for. JCodec (pure Java) demuxes MP4, QuickTime and M4A, and Matroska/WebM, and decodes H.264
 * and VP8 frames; the JDK's javax.sound reads WAV. Not supported (the fields stay absent): Ogg and MP3 durations, a
 * poster of VP9, AV1 or HEVC video, waveforms of compressed audio (no maintained pure-Java Opus or Vorbis decoder).
 * Work runs on {@link MediaImages}' decoder threads (bounded; the file is read chunk by chunk from GridFS; a request waits at most 20 s), and a file
 * these libraries cannot read gets no metadata rather than a refusal: it was a valid upload by its bytes' type.
 */
@Component
public class MediaPlayback {

    /** Peaks in a waveform: enough for a voice note's bar, little enough to travel with every message. */
    static final int WAVEFORM_BARS = 48;

    /** How long a request waits for a file to be read (the decoder thread may go on; the pool bounds how many). */
    static final java.time.Duration READING_AT_MOST = java.time.Duration.ofSeconds(20);

    private final MediaStore store;
    private final MediaImages images;

    public MediaPlayback(MediaStore store, MediaImages images) {
        this.store = store;
        this.images = images;
    }

    /** A duration in milliseconds, a video's width and height as shown, and an audio file's waveform; each null when not known. */
    public record Playback(Long durationMillis, Integer width, Integer height, List<Integer> waveform) {

        static final Playback UNKNOWN = new Playback(null, null, null, null);
    }

    /** What the stored video or audio file holds, as far as it can be read ({@link Playback#UNKNOWN} otherwise). */
    public Mono<Playback> probe(StoredMedia media) {
        if (!media.contentType().startsWith("video/") && !media.contentType().startsWith("audio/")) {
            return Mono.just(Playback.UNKNOWN);
        }
        return images.blocking(() -> {
            try (SeekableByteChannel channel = StoredMediaChannel.of(media, store)) {
                return probe(media.contentType(), channel);
            }
        }).timeout(READING_AT_MOST, Mono.just(Playback.UNKNOWN)) // a file that keeps the demuxer busy does not hold the upload
                .onErrorResume(ImageWorkSaturated.class, busy -> Mono.just(Playback.UNKNOWN)); // an upload is not refused for it
    }

    /** A video's first frame, as a thumbnail ({@link MediaImages#thumbnailOf}); empty when it cannot be decoded. */
    public Mono<Optional<MediaImages.Thumbnail>> poster(StoredMedia video) {
        if (!video.contentType().startsWith("video/")) {
            return Mono.just(Optional.empty());
        }
        return images.blocking(() -> {
            try (SeekableByteChannel channel = StoredMediaChannel.of(video, store)) {
                Optional<Frame> frame = firstFrame(video.contentType(), channel);
                return frame.isEmpty() ? Optional.<MediaImages.Thumbnail>empty()
                        : images.thumbnailOf(frame.get().picture(), frame.get().orientation());
            }
        }).timeout(READING_AT_MOST, Mono.just(Optional.empty()));
    }

    static Playback probe(String contentType, SeekableByteChannel channel) {
        try {
            return switch (container(contentType)) {
                case MP4 -> mp4(channel);
                case MATROSKA -> matroska(channel);
                case WAV -> wav(Channels.newInputStream(channel));
                case OTHER -> Playback.UNKNOWN;
            };
        } catch (IOException | RuntimeException unreadable) {
            return Playback.UNKNOWN; // JCodec throws runtime exceptions of its own on what it cannot parse
        }
    }

    /** A decoded first frame and the EXIF orientation that shows it upright. */
    record Frame(BufferedImage picture, int orientation) {
    }

    static Optional<Frame> firstFrame(String contentType, SeekableByteChannel channel) {
        try {
            switch (container(contentType)) {
                case MP4 -> {
                    MP4Demuxer demuxer = MP4Demuxer.createMP4Demuxer(channel);
                    DemuxerTrack track = demuxer.getVideoTrack();
                    if (track == null || track.getMeta().getCodec() != Codec.H264 || !decodable(track.getMeta())) {
                        return Optional.empty();
                    }
                    channel.setPosition(0);
                    Picture picture = FrameGrab.createFrameGrab(channel).getNativeFrame();
                    return Optional.ofNullable(picture).map(p -> new Frame(AWTUtil.toBufferedImage(p), orientation(track.getMeta())));
                }
                case MATROSKA -> {
                    MKVDemuxer demuxer = new MKVDemuxer(channel);
                    List<DemuxerTrack> videos = demuxer.getVideoTracks();
                    if (videos.isEmpty() || videos.get(0).getMeta().getCodec() != Codec.VP8
                            || (long) demuxer.getPictureWidth() * demuxer.getPictureHeight() > MediaImages.MAX_PIXELS) {
                        return Optional.empty();
                    }
                    Packet first = videos.get(0).nextFrame();
                    if (first == null) {
                        return Optional.empty();
                    }
                    Picture buffer = Picture.create(demuxer.getPictureWidth(), demuxer.getPictureHeight(), ColorSpace.YUV420);
                    Picture picture = new VP8Decoder().decodeFrame(first.getData(), buffer.getData());
                    return Optional.ofNullable(picture).map(p -> new Frame(AWTUtil.toBufferedImage(p), 1));
                }
                default -> {
                    return Optional.empty();
                }
            }
        } catch (IOException | org.jcodec.api.JCodecException | RuntimeException undecodable) {
            return Optional.empty();
        }
    }

    private enum Container { MP4, MATROSKA, WAV, OTHER }

    private static Container container(String contentType) {
        return switch (contentType) {
            case "video/mp4", "video/quicktime", "audio/mp4" -> Container.MP4;
            case "video/webm", "audio/webm" -> Container.MATROSKA;
            case "audio/wav" -> Container.WAV;
            default -> Container.OTHER;
        };
    }

    /** The longest track's duration; a video track's picture size, turned as the track's matrix turns it. */
    private static Playback mp4(SeekableByteChannel channel) throws IOException {
        MP4Demuxer demuxer = MP4Demuxer.createMP4Demuxer(channel);
        double seconds = 0;
        Integer width = null;
        Integer height = null;
        for (DemuxerTrack track : demuxer.getTracks()) {
            DemuxerTrackMeta meta = track.getMeta();
            if (meta == null) {
                continue;
            }
            seconds = Math.max(seconds, meta.getTotalDuration());
            if (meta.getType() == TrackType.VIDEO && width == null && meta.getVideoCodecMeta() != null) {
                Size size = meta.getVideoCodecMeta().getSize();
                boolean turned = orientation(meta) >= 5;
                width = turned ? size.getHeight() : size.getWidth();
                height = turned ? size.getWidth() : size.getHeight();
            }
        }
        return new Playback(seconds > 0 ? Math.round(seconds * 1000) : null, width, height, null);
    }

    /**
     * The segment's duration, or (a live recording's file need not say it) the time of its last block; the picture size of
     * its video track. Matroska counts time in ticks of {@code TimecodeScale} nanoseconds (1 ms unless it says otherwise).
     */
    private static Playback matroska(SeekableByteChannel channel) throws IOException {
        List<EbmlMaster> tree = new MKVParser(channel).parse();
        EbmlUint scale = MKVType.findFirstTree(tree, new MKVType[] {MKVType.Segment, MKVType.Info, MKVType.TimecodeScale});
        double nanosPerTick = scale == null ? 1_000_000 : scale.getUint();
        EbmlFloat declared = MKVType.findFirstTree(tree, new MKVType[] {MKVType.Segment, MKVType.Info, MKVType.Duration});
        double ticks = declared != null ? declared.getDouble() : lastBlockTick(tree);
        EbmlUint width = MKVType.findFirstTree(tree, new MKVType[] {MKVType.Segment, MKVType.Tracks, MKVType.TrackEntry, MKVType.Video, MKVType.PixelWidth});
        EbmlUint height = MKVType.findFirstTree(tree, new MKVType[] {MKVType.Segment, MKVType.Tracks, MKVType.TrackEntry, MKVType.Video, MKVType.PixelHeight});
        long millis = Math.round(ticks * nanosPerTick / 1_000_000);
        return new Playback(millis > 0 ? millis : null, width == null ? null : (int) width.getUint(),
                height == null ? null : (int) height.getUint(), null);
    }

    private static long lastBlockTick(List<EbmlMaster> tree) {
        long last = 0;
        for (EbmlMaster cluster : MKVType.findList(tree, EbmlMaster.class, new MKVType[] {MKVType.Segment, MKVType.Cluster})) {
            long base = 0;
            for (EbmlBase child : cluster.children) {
                if (child.type == MKVType.Timecode) {
                    base = ((EbmlUint) child).getUint();
                }
            }
            for (EbmlBase child : cluster.children) {
                if (child instanceof MkvBlock block) {
                    last = Math.max(last, base + block.timecode);
                } else if (child.type == MKVType.BlockGroup) {
                    for (EbmlBase inGroup : ((EbmlMaster) child).children) {
                        if (inGroup instanceof MkvBlock block) {
                            last = Math.max(last, base + block.timecode);
                        }
                    }
                }
            }
        }
        return last;
    }

    /** A WAV file's duration, and its waveform: the loudest sample of each of {@link #WAVEFORM_BARS} stretches, 0 to 100 of the loudest. */
    static Playback wav(InputStream in) throws IOException {
        try (AudioInputStream stored = AudioSystem.getAudioInputStream(new BufferedInputStream(in))) {
            AudioFormat format = stored.getFormat();
            long frames = stored.getFrameLength();
            if (frames <= 0 || format.getFrameRate() <= 0) {
                return Playback.UNKNOWN;
            }
            long millis = Math.round(frames * 1000.0 / format.getFrameRate());
            AudioFormat pcm16 = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, format.getSampleRate(), 16, format.getChannels(),
                    format.getChannels() * 2, format.getSampleRate(), false);
            if (!AudioSystem.isConversionSupported(pcm16, format)) {
                return new Playback(millis, null, null, null);
            }
            try (AudioInputStream samples = AudioSystem.getAudioInputStream(pcm16, stored)) {
                return new Playback(millis, null, null, waveform(samples, frames, format.getChannels()));
            }
        } catch (UnsupportedAudioFileException unreadable) {
            return Playback.UNKNOWN;
        }
    }

    private static List<Integer> waveform(AudioInputStream samples, long frames, int channels) throws IOException {
        int[] peaks = new int[WAVEFORM_BARS];
        byte[] buffer = new byte[8192 * channels * 2];
        long frame = 0;
        int read;
        while ((read = samples.read(buffer)) > 0) {
            ByteBuffer pcm = ByteBuffer.wrap(buffer, 0, read - read % (channels * 2)).order(ByteOrder.LITTLE_ENDIAN);
            while (pcm.remaining() >= channels * 2) {
                int bar = (int) Math.min(WAVEFORM_BARS - 1, frame * WAVEFORM_BARS / frames);
                for (int c = 0; c < channels; c++) {
                    peaks[bar] = Math.max(peaks[bar], Math.abs((int) pcm.getShort()));
                }
                frame++;
            }
        }
        int loudest = java.util.Arrays.stream(peaks).max().orElse(0);
        List<Integer> bars = new ArrayList<>(WAVEFORM_BARS);
        for (int peak : peaks) {
            bars.add(loudest == 0 ? 0 : (int) Math.round(peak * 100.0 / loudest));
        }
        return bars;
    }

    /** Within what one decode may hold in memory, as for images. */
    private static boolean decodable(DemuxerTrackMeta meta) {
        Size size = meta.getVideoCodecMeta() == null ? null : meta.getVideoCodecMeta().getSize();
        return size != null && (long) size.getWidth() * size.getHeight() <= MediaImages.MAX_PIXELS;
    }

    /** The EXIF orientation that turns a track's pictures as its matrix says they are shown (a phone held upright: 90°). */
    private static int orientation(DemuxerTrackMeta meta) {
        DemuxerTrackMeta.Orientation turn = meta.getOrientation();
        if (turn == null) {
            return 1;
        }
        return switch (turn) {
            case D_90 -> 6;
            case D_180 -> 3;
            case D_270 -> 8;
            default -> 1;
        };
    }
}
