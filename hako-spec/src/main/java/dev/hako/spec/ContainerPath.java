package dev.hako.spec;

import dev.hako.errdefs.HakoException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Paths inside a container, as text: they name nothing on the host, so java.nio.file.Path (which
 * would resolve against the host's file system and its rules) is not used for them.
 */
public final class ContainerPath {
    private ContainerPath() {}

    /**
     * The lexical clean form of an absolute path, as Go's filepath.Clean: no "." or empty components,
     * ".." removed together with the component before it, and never above "/".
     */
    public static String clean(String path) {
        Deque<String> parts = new ArrayDeque<>();
        for (String c : path.split("/")) {
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(c);
            }
        }
        return "/" + String.join("/", parts);
    }

    /** A working directory as given ({@code -w}, WorkingDir): cleaned, or null when none is given. */
    public static String workingDir(String workingDir) {
        if (workingDir == null || workingDir.isEmpty()) {
            return null;
        }
        if (!workingDir.startsWith("/")) {
            throw HakoException.invalid("the working directory \"%s\" is invalid: it must be an absolute path", workingDir);
        }
        return outsideProc(absolute(workingDir, "working directory"), "the working directory");
    }

    /**
     * {@code cleaned}, a working directory, unless it lies inside /proc. The runtime mounts the
     * container's procfs there before it changes into the working directory, and /proc's magic links
     * (/proc/self/fd/N, /proc/self/cwd, /proc/PID/root) lead to whatever the runtime's own process holds
     * open: with runc before 1.1.12, {@code WORKDIR /proc/self/fd/7} was the host's /sys/fs/cgroup
     * (CVE-2024-21626). No program needs to start there. {@code what} names the path in the error.
     */
    public static String outsideProc(String cleaned, String what) {
        if (cleaned.startsWith("/proc/")) {
            throw HakoException.invalid("%s \"%s\" is invalid: it is inside /proc, whose links lead out of the container",
                    what, cleaned);
        }
        return cleaned;
    }

    /** {@code path} cleaned; refused unless absolute and free of NUL bytes. {@code what} names it in the error. */
    public static String absolute(String path, String what) {
        if (path == null || path.isEmpty() || path.charAt(0) != '/') {
            throw HakoException.invalid("%s %s is not an absolute path", what, path == null ? "(none)" : "\"" + path + "\"");
        }
        if (path.indexOf('\0') >= 0) {
            throw HakoException.invalid("%s \"%s\" contains a NUL byte", what, path.replace("\0", "\\0"));
        }
        return clean(path);
    }
}
