package dev.hako.cni;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Stand-in CNI plugins: shell scripts that record what the runtime passed them (their CNI_*
 * environment and stdin, one file per plugin and command) and the order of calls, then answer
 * ADD with a small result naming themselves. A test makes one fail ({@link #failWith}) or hang
 * ({@link #hang}). Unit tests use them where the real plugins would need root.
 */
final class FakePlugins {
    final Path binDir;
    final Path logDir;

    FakePlugins(Path dir) throws IOException {
        binDir = Files.createDirectories(dir.resolve("bin"));
        logDir = Files.createDirectories(dir.resolve("log"));
    }

    /** Writes a fake plugin named {@code type}. */
    FakePlugins plugin(String type) throws IOException {
        String script = """
                #!/bin/sh
                log='%s'
                me=$(basename "$0")
                echo "$me $CNI_COMMAND" >> "$log/calls"
                env | grep '^CNI_' | sort > "$log/$me.$CNI_COMMAND.env"
                cat > "$log/$me.$CNI_COMMAND.stdin"
                if [ -f "$log/$me.hang" ]; then sleep 30; fi
                if [ -f "$log/$me.fail" ]; then cat "$log/$me.fail"; echo "$me: something broke" >&2; exit 1; fi
                if [ "$CNI_COMMAND" = ADD ]; then
                  printf '{"cniVersion":"1.0.0","interfaces":[{"name":"%%s","sandbox":"%%s"}],"ips":[{"address":"10.1.2.3/24","interface":0}],"by":"%%s"}' "$CNI_IFNAME" "$CNI_NETNS" "$me"
                fi
                """.formatted(logDir);
        Path binary = binDir.resolve(type);
        Files.writeString(binary, script);
        Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwxr-xr-x"));
        return this;
    }

    /** Makes {@code type} print {@code stdout} and exit 1 from now on. */
    void failWith(String type, String stdout) throws IOException {
        Files.writeString(logDir.resolve(type + ".fail"), stdout);
    }

    void hang(String type) throws IOException {
        Files.writeString(logDir.resolve(type + ".hang"), "");
    }

    /** "bridge ADD", "portmap ADD", ... in call order. */
    List<String> calls() throws IOException {
        Path calls = logDir.resolve("calls");
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }

    void clearCalls() throws IOException {
        Files.deleteIfExists(logDir.resolve("calls"));
    }

    /** The CNI_* environment of the last {@code command} run of {@code type}, sorted lines. */
    List<String> env(String type, String command) throws IOException {
        return Files.readAllLines(logDir.resolve(type + "." + command + ".env"));
    }

    String stdin(String type, String command) throws IOException {
        return Files.readString(logDir.resolve(type + "." + command + ".stdin"), StandardCharsets.UTF_8);
    }
}
