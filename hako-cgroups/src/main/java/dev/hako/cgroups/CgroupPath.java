package dev.hako.cgroups;

import dev.hako.errdefs.HakoException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * A cgroupfs-style cgroup path ("/hako/ID"), checked before it is joined onto a mount point: it
 * comes from configuration and container IDs, and a ".." or a stray slash would reach cgroups that
 * are not hako's. The check is strict on purpose: only names that runc, kubelet and systemd use.
 *
 * @param value the path as written in the OCI spec's {@code linux.cgroupsPath}
 */
record CgroupPath(String value) {
    /** Letters, digits and {@code _ . @ -}: enough for IDs, pod UIDs and systemd unit names. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.@-]+");
    /** A directory name cannot exceed NAME_MAX bytes. */
    private static final int NAME_MAX = 255;

    CgroupPath {
        if (value == null || value.isEmpty()) {
            throw HakoException.invalid("empty cgroup path");
        }
        if (value.indexOf(':') >= 0) {
            // "slice:prefix:name" is the systemd driver's syntax, which needs unit name expansion.
            throw HakoException.invalid("cgroup path \"%s\": the systemd cgroup driver (slice:prefix:name) is not supported yet", value);
        }
        if (!value.startsWith("/")) {
            // runc would take a relative path as relative to its own cgroup: never what hako means.
            throw HakoException.invalid("cgroup path \"%s\" must be absolute (start with /)", value);
        }
        if (!value.equals("/")) {
            for (String name : value.substring(1).split("/", -1)) {
                checkName(name, "cgroup path \"" + value + "\"");
            }
        }
    }

    static CgroupPath parse(String value) {
        return new CgroupPath(value);
    }

    /** {@code parent + "/" + id}, with {@code id} a single path component. */
    static CgroupPath child(String parent, String id) {
        CgroupPath p = parse(parent);
        checkName(id, "cgroup name \"" + id + "\"");
        return new CgroupPath(p.isRoot() ? "/" + id : p.value + "/" + id);
    }

    boolean isRoot() {
        return value.equals("/");
    }

    /** The same path under a hierarchy's mount point. */
    Path under(Path mountPoint) {
        return isRoot() ? mountPoint : mountPoint.resolve(value.substring(1));
    }

    private static void checkName(String name, String what) {
        if (name == null || name.isEmpty()) {
            throw HakoException.invalid("%s has an empty component (// or a trailing /)", what);
        }
        if (name.equals(".") || name.equals("..")) {
            throw HakoException.invalid("%s must not contain \".\" or \"..\"", what);
        }
        if (name.indexOf('/') >= 0) {
            throw HakoException.invalid("%s must not contain /", what);
        }
        if (!NAME.matcher(name).matches()) {
            throw HakoException.invalid("%s may contain only letters, digits and _ . @ -", what);
        }
        if (name.length() > NAME_MAX) {
            throw HakoException.invalid("%s is longer than %d characters", what, NAME_MAX);
        }
    }
}
