package dev.messenger.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.util.function.IntFunction;
import org.jcodec.common.io.SeekableByteChannel;

/**
 * A stored file as the seekable channel JCodec's demuxers read, one GridFS chunk in memory at a time (the last one read
 * is kept: demuxers read headers in small steps). Reading blocks while a chunk is fetched, so it is used on the decoder
 * threads only ({@link MediaImages#blocking}).
 */
final class StoredMediaChannel implements SeekableByteChannel {

    private final long size;
    private final int chunkSize;
    private final IntFunction<byte[]> chunks;
    private long position;
    private int cachedIndex = -1;
    private byte[] cached;
    private boolean open = true;

    StoredMediaChannel(long size, int chunkSize, IntFunction<byte[]> chunks) {
        this.size = size;
        this.chunkSize = chunkSize;
        this.chunks = chunks;
    }

    static StoredMediaChannel of(StoredMedia media, MediaStore store) {
        return new StoredMediaChannel(media.size(), media.chunkSize(), n -> store.chunk(media.mediaId(), n).block());
    }

    @Override
    public int read(ByteBuffer destination) throws IOException {
        if (!open) {
            throw new java.nio.channels.ClosedChannelException();
        }
        if (position >= size) {
            return -1;
        }
        int total = 0;
        while (destination.hasRemaining() && position < size) {
            int index = (int) (position / chunkSize);
            if (index != cachedIndex) {
                cached = chunks.apply(index);
                cachedIndex = index;
            }
            int from = (int) (position - (long) index * chunkSize);
            if (from >= cached.length) {
                throw new IOException("chunk " + index + " is shorter than the file says");
            }
            int length = Math.min(destination.remaining(), cached.length - from);
            destination.put(cached, from, length);
            position += length;
            total += length;
        }
        return total;
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public SeekableByteChannel setPosition(long newPosition) {
        position = Math.max(0, newPosition);
        return this;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public SeekableByteChannel truncate(long newSize) {
        throw new NonWritableChannelException();
    }

    @Override
    public int write(ByteBuffer source) {
        throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
        cached = null;
    }
}
