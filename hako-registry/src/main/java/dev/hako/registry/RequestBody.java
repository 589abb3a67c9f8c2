package dev.hako.registry;

import dev.hako.errdefs.ErrorKind;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.LongConsumer;

/**
 * A request body that can be opened again (after an auth challenge) and whose length is known. As it
 * is read it reports progress and checks that the content is exactly as long as its descriptor says.
 *
 * @param what names the content in errors ("blob sha256:…")
 */
record RequestBody(IoSupplier<InputStream> content, long length, LongConsumer progress, String what) {
    /** Opens the content; called by the HTTP client, so failures travel as unchecked exceptions. */
    InputStream open() {
        try {
            return new Counting(content.get());
        } catch (IOException e) {
            throw new ContentException(ErrorKind.INTERNAL, "cannot read " + what + ": " + e.getMessage(), e);
        }
    }

    /** A failure of the content being sent (not of the registry), carried through the HTTP client. */
    static final class ContentException extends UncheckedIOException {
        private final ErrorKind kind;

        ContentException(ErrorKind kind, String message, IOException cause) {
            super(message, cause);
            this.kind = kind;
        }

        ContentException(ErrorKind kind, String message) {
            this(kind, message, new IOException(message));
        }

        ErrorKind kind() {
            return kind;
        }
    }

    private final class Counting extends FilterInputStream {
        private long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = super.read(b, off, len);
            } catch (IOException e) {
                throw new ContentException(ErrorKind.INTERNAL, "cannot read " + what + ": " + e.getMessage(), e);
            }
            if (n < 0) {
                if (count != length) {
                    throw new ContentException(ErrorKind.INVALID_ARGUMENT,
                            "%s has %d bytes, but its descriptor says %d".formatted(what, count, length));
                }
                return n;
            }
            count += n;
            if (count > length) {
                throw new ContentException(ErrorKind.INVALID_ARGUMENT,
                        "%s has more than the %d bytes its descriptor says".formatted(what, length));
            }
            if (progress != null) {
                progress.accept(count);
            }
            return n;
        }
    }
}
