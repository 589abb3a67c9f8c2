package dev.hako.containers;

import dev.hako.errdefs.HakoException;
import dev.hako.spec.Spec;
import dev.hako.spec.user.RootPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

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
        RootPath root = RootPath.of(rootfs);
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
        throw HakoException.invalid("exec: \"%s\": executable file not found in $PATH", command);
    }

    private static boolean executable(RootPath root, String path) throws IOException {
        Path resolved;
        try {
            resolved = root.resolve(path);
        } catch (HakoException e) {
            return false; // a loop or an unreadable component: not something to run
        }
        return Files.isRegularFile(resolved, LinkOption.NOFOLLOW_LINKS) && Files.isExecutable(resolved);
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
