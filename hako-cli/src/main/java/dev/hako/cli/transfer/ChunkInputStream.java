package dev.hako.cli.transfer;

import com.google.protobuf.ByteString;
import dev.hako.api.v1.DataChunk;

import java.io.InputStream;
import java.util.Iterator;

/** The bytes of a stream of DataChunk messages (Save, CopyFrom) as one InputStream, read as they arrive. */
public final class ChunkInputStream extends InputStream {
    private final Iterator<DataChunk> chunks;
    private ByteString current = ByteString.EMPTY;
    private int position;

    public ChunkInputStream(Iterator<DataChunk> chunks) {
        this.chunks = chunks;
    }

    @Override
    public int read() {
        if (!fill()) {
            return -1;
        }
        return current.byteAt(position++) & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, current.size() - position);
        current.substring(position, position + n).copyTo(b, off);
        position += n;
        return n;
    }

    private boolean fill() {
        while (position >= current.size()) {
            if (!chunks.hasNext()) {
                return false;
            }
            current = chunks.next().getData();
            position = 0;
        }
        return true;
    }
}
