package dev.hako.cli.transfer;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A file written beside its destination and renamed into place only by {@link #commit()}, so a
 * failed or interrupted save never leaves a partial archive under the requested name. The file is
 * created 0600, as docker's atomic writer does.
 */
public final class AtomicFileOutput extends FilterOutputStream {
    private final Path target;
    private final Path temp;
    private final Thread cleanup;
    private boolean committed;

    private AtomicFileOutput(Path target, Path temp, OutputStream out) {
        super(out);
        this.target = target;
        this.temp = temp;
        // Ctrl-C runs shutdown hooks: remove the partial file then too.
        this.cleanup = new Thread(this::deleteTemp, "hako-save-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    public static AtomicFileOutput create(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Path temp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
        try {
            return new AtomicFileOutput(absolute, temp, Files.newOutputStream(temp));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
    }

    /** Flushes to disk and renames the file into place. */
    public void commit() throws IOException {
        out.flush();
        out.close();
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        committed = true;
    }

    /** Without a commit, removes the temporary file. */
    @Override
    public void close() throws IOException {
        try {
            out.close();
        } finally {
            if (!committed) {
                deleteTemp();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException e) {
                // already shutting down: the hook runs anyway
            }
        }
    }

    private void deleteTemp() {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // nothing more to do on the way out
        }
    }
}
