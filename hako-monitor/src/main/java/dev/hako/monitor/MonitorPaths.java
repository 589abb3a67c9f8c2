package dev.hako.monitor;

import dev.hako.errdefs.HakoException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Which container a {@link Monitor} call is about, and where its monitor keeps its files: every
 * call is keyed by this, so a restarted hakod that kept the three directories finds the monitor
 * again. What goes where inside them is the monitor's own business, except the exit file, which
 * hako watches ({@code exitDir/id}, written when the container ends).
 *
 * @param bundle the OCI bundle
 * @param persistDir where the monitor keeps its own files (may be the bundle)
 * @param exitDir where the monitor writes the file named {@code id} when the container ends
 */
public record MonitorPaths(String id, Path bundle, Path persistDir, Path exitDir) {
    // runc's rule for container IDs; it also keeps every path built from the ID inside its directory.
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_+.-]+");

    public MonitorPaths {
        if (id == null || !ID.matcher(id).matches() || id.equals(".") || id.equals("..")) {
            throw HakoException.invalid("invalid container id %s: use letters, digits and _+.-", id);
        }
        bundle = absolute(id, "bundle", bundle);
        persistDir = absolute(id, "persist directory", persistDir);
        exitDir = absolute(id, "exit directory", exitDir);
    }

    private static Path absolute(String id, String what, Path path) {
        if (path == null || !path.isAbsolute()) {
            throw HakoException.invalid("container %s: %s must be an absolute path, not %s", id, what, path);
        }
        return path;
    }

    /** The exit code, written when the container ends; its modification time is the exit time. */
    public Path exitFile() {
        return exitDir.resolve(id);
    }
}
