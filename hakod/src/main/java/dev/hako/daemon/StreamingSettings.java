package dev.hako.daemon;

/** hako.toml's [streaming]: the address of the server for exec, attach and port-forward (port 0: chosen at start). */
public record StreamingSettings(String host, int port) {
    public static StreamingSettings defaults() {
        return new StreamingSettings("127.0.0.1", 0);
    }
}
