package dev.hako.containers;

import dev.hako.errdefs.HakoException;
import dev.hako.spec.Spec;
import dev.hako.sys.Fd;
import dev.hako.sys.RootDir;
import dev.hako.sys.Stat;
import dev.hako.sys.SysException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Checks, before anything runs, that a container's command exists in its root filesystem, so a
 * mistyped command is an error at create ("executable file not found in $PATH", docker's words)
 * instead of a container that fails to start. Lookups stay inside the root (symlinks included).
 */
final class ExecutableCheck {
    private static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private ExecutableCheck() {}

    static void requireCommand(Spec spec, Path rootfs) throws IOException {
        List<String> args = spec.process.args;
        if (args.isEmpty()) {
            throw HakoException.invalid("no command specified: the image has no Entrypoint or Cmd, give one");
        }
        String command = args.getFirst();
        try (RootDir root = RootDir.open(rootfs)) {
            if (command.contains("/")) {
                String inRoot = command.startsWith("/") ? command : (spec.process.cwd == null ? "/" : spec.process.cwd) + "/" + command;
                if (!executable(root, inRoot)) {
                    throw HakoException.invalid("exec: \"%s\": stat %s: no such file or directory", command, command);
                }
                return;
            }
            for (String dir : path(spec.process.env).split(":")) {
                if (!dir.isEmpty() && executable(root, dir + "/" + command)) {
                    return;
                }
            }
        }
        throw HakoException.invalid("exec: \"%s\": executable file not found in $PATH", command);
    }

    /** A regular file with an execute bit (all root needs), symlinks followed inside the root. */
    private static boolean executable(RootDir root, String path) throws IOException {
        Optional<Fd> found;
        try {
            found = root.find(path, true);
        } catch (SysException e) {
            return false; // a loop, a NUL: not something to run
        }
        if (found.isEmpty()) {
            return false;
        }
        try (Fd fd = found.get()) {
            Stat stat = fd.stat();
            return stat.isRegularFile() && (stat.mode() & 0111) != 0;
        }
    }

    private static String path(List<String> env) {
        for (String e : env) {
            if (e.startsWith("PATH=")) {
                return e.substring(5);
            }
        }
        return DEFAULT_PATH;
    }
}
