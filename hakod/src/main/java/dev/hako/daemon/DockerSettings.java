package dev.hako.daemon;

import java.nio.file.Path;

/**
 * hako.toml's [docker]: the Docker Engine API's socket.
 *
 * @param socket  where it listens; null: {@code docker.sock} beside the API socket
 *                ({@code /run/hako/docker.sock} by default)
 * @param enabled false: no Docker API at all
 */
public record DockerSettings(Path socket, boolean enabled) {
    public static DockerSettings defaults() {
        return new DockerSettings(null, true);
    }

    /** The socket's path for a daemon whose API socket is {@code apiSocket}. */
    public Path socketFor(Path apiSocket) {
        return socket != null ? socket : apiSocket.resolveSibling("docker.sock");
    }
}
