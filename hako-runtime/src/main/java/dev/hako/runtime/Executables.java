package dev.hako.runtime;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/** Finds programs the way a shell does: a name with a slash as given, a bare name on PATH. */
public final class Executables {
    private Executables() {}

    /** {@code name} on this process's PATH (or as a path when it has a slash); empty when not found. */
    public static Optional<Path> find(String name) {
        return find(name, System.getenv("PATH"));
    }

    static Optional<Path> find(String name, String searchPath) {
        if (name == null || name.isEmpty()) {
            return Optional.empty();
        }
        try {
            if (name.contains("/")) {
                Path p = Path.of(name).toAbsolutePath();
                return isExecutableFile(p) ? Optional.of(p) : Optional.empty();
            }
            String dirs = searchPath == null || searchPath.isEmpty() ? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" : searchPath;
            for (String dir : dirs.split(":")) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path p = Path.of(dir, name);
                if (isExecutableFile(p)) {
                    return Optional.of(p.toAbsolutePath());
                }
            }
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static boolean isExecutableFile(Path p) {
        return Files.isRegularFile(p) && Files.isExecutable(p);
    }
}
