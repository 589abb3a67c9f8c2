package dev.hako.monitor;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/** What conmon writes when a container ends: its exit code (exit dir and persist dir) and the OOM mark. */
final class ConmonExitFiles {
    private ConmonExitFiles() {}

    static Optional<ContainerExit> read(MonitorPaths container) throws IOException {
        Path file = container.exitFile();
        try {
            String text = Files.readString(file).strip();
            Instant at = Files.getLastModifiedTime(file).toInstant();
            return Optional.of(new ContainerExit(Integer.parseInt(text), at));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (NumberFormatException e) {
            throw new HakoException(ErrorKind.INTERNAL, "exit file " + file + " holds no exit code", e);
        }
    }

    static boolean oomKilled(MonitorPaths container) {
        return Files.exists(ConmonPaths.of(container).oomFile());
    }

    static void forget(MonitorPaths container) throws IOException {
        ConmonPaths paths = ConmonPaths.of(container);
        Files.deleteIfExists(paths.exitFile());
        Files.deleteIfExists(paths.persistedExitFile());
        Files.deleteIfExists(paths.oomFile());
    }
}
