package dev.hako.daemon;

import java.nio.file.Path;

/** Where hakod keeps things: the persistent root, the runtime state dir and the API socket. */
public record DaemonPaths(Path root, Path state, Path socket) {
    public Path content() {
        return root.resolve("content");
    }

    public Path snapshots() {
        return root.resolve("snapshots");
    }

    public Path database() {
        return root.resolve("metadata.db");
    }

    public Path lockFile() {
        return root.resolve("hakod.lock");
    }
}
