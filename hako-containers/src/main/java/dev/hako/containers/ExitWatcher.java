package dev.hako.containers;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Watches the directory where conmon writes a file named after each container when it exits
 * (inotify through the JDK's WatchService), and hands each id to {@code onExit}.
 */
final class ExitWatcher implements AutoCloseable {
    private static final Logger LOG = System.getLogger("hakod.containers");

    private final WatchService watcher;
    private final Thread thread;

    ExitWatcher(Path exitDir, Consumer<String> onExit) throws IOException {
        Files.createDirectories(exitDir);
        this.watcher = FileSystems.getDefault().newWatchService();
        // CREATE is enough only if conmon writes the file in place; MODIFY covers a write after create.
        exitDir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
        this.thread = Thread.ofPlatform().daemon().name("exit-watcher").start(() -> loop(exitDir, onExit));
    }

    private void loop(Path exitDir, Consumer<String> onExit) {
        while (true) {
            WatchKey key;
            try {
                key = watcher.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            for (WatchEvent<?> event : key.pollEvents()) {
                if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                    // Events were lost: look at every file.
                    try (Stream<Path> files = Files.list(exitDir)) {
                        files.forEach(f -> dispatch(onExit, f.getFileName().toString()));
                    } catch (IOException e) {
                        LOG.log(Level.WARNING, "cannot list {0}: {1}", exitDir, e.getMessage());
                    }
                } else if (event.context() instanceof Path name) {
                    dispatch(onExit, name.toString());
                }
            }
            if (!key.reset()) {
                return;
            }
        }
    }

    private static void dispatch(Consumer<String> onExit, String id) {
        try {
            onExit.accept(id);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "handling the exit of " + id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        watcher.close();
        thread.interrupt();
    }
}
