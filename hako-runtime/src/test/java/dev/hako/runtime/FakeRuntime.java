package dev.hako.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A stand-in OCI runtime: a shell script that appends its arguments to a file, one run per line,
 * then does what the test's case arms say. Unit tests use it where real runc would need root.
 */
final class FakeRuntime {
    final Path binary;
    final Path argsLog;

    /** {@code cases}: the arms of a shell {@code case "$*" in ... esac}. */
    FakeRuntime(Path dir, String cases) throws IOException {
        binary = dir.resolve("fake-runtime");
        argsLog = dir.resolve("args.log");
        String script = "#!/bin/sh\n"
                + "printf '%s\\n' \"$*\" >> '" + argsLog + "'\n"
                + "case \"$*\" in\n" + cases + "\n*) echo \"fake runtime: unexpected arguments: $*\" >&2; exit 99 ;;\nesac\n";
        Files.writeString(binary, script);
        Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    List<String> calls() throws IOException {
        return Files.exists(argsLog) ? Files.readAllLines(argsLog) : List.of();
    }

    OciRuntimeCli handler(Path root, List<String> args) {
        return new OciRuntimeCli(new HandlerConfig("fake", binary, root, Isolation.NAMESPACES, args));
    }
}
