package dev.hako.spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The host's device nodes, which a privileged container gets in its /dev (as docker and runc do). */
public final class HostDevices {
    /** Not devices of the host: per-container mounts or runtime state (runc skips the same). */
    private static final Set<String> SKIPPED_DIRS = Set.of("pts", "shm", "fd", "mqueue", ".lxc", ".lxd-mounts", ".udev");
    private static final int S_IFMT = 0170000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;

    private HostDevices() {}

    /** Character and block devices under {@code dev} (normally /dev), without following symlinks. */
    public static List<Spec.Device> scan(Path dev) {
        List<Spec.Device> out = new ArrayList<>();
        try {
            walk(dev, dev, out);
        } catch (IOException e) {
            throw new UncheckedIOException("listing host devices under " + dev, e);
        }
        return out;
    }

    private static void walk(Path root, Path dir, List<Spec.Device> out) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    if (!SKIPPED_DIRS.contains(name)) {
                        walk(root, p, out);
                    }
                    continue;
                }
                // /dev/console is the container's own terminal, set up by the runtime.
                if (name.equals("console")) {
                    continue;
                }
                int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
                String type = switch (mode & S_IFMT) {
                    case S_IFCHR -> "c";
                    case S_IFBLK -> "b";
                    default -> null;
                };
                if (type == null) {
                    continue;
                }
                out.add(device(p, "/dev/" + root.relativize(p), type, mode));
            }
        }
    }

    /**
     * The device node at {@code host} (symlinks followed, as /dev/disk/by-id names are), to be
     * created at {@code containerPath}; INVALID_ARGUMENT when it is missing or not a device.
     */
    public static Spec.Device of(Path host, String containerPath) {
        try {
            Path real = host.toRealPath();
            int mode = (Integer) Files.getAttribute(real, "unix:mode");
            String type = switch (mode & S_IFMT) {
                case S_IFCHR -> "c";
                case S_IFBLK -> "b";
                default -> throw dev.hako.errdefs.HakoException.invalid("%s is not a device node", host);
            };
            return device(real, containerPath, type, mode);
        } catch (java.nio.file.NoSuchFileException e) {
            throw dev.hako.errdefs.HakoException.invalid("device %s does not exist on the host", host);
        } catch (IOException e) {
            throw new UncheckedIOException("reading device " + host, e);
        }
    }

    private static Spec.Device device(Path p, String containerPath, String type, int mode) throws IOException {
        long rdev = (Long) Files.getAttribute(p, "unix:rdev", LinkOption.NOFOLLOW_LINKS);
        Spec.Device d = new Spec.Device();
        d.path = containerPath;
        d.type = type;
        d.major = major(rdev);
        d.minor = minor(rdev);
        d.fileMode = mode & 07777;
        d.uid = ((Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
        d.gid = ((Integer) Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS)).longValue();
        return d;
    }

    /** glibc's gnu_dev_major. */
    static long major(long rdev) {
        return ((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL);
    }

    /** glibc's gnu_dev_minor. */
    static long minor(long rdev) {
        return (rdev & 0xff) | ((rdev >>> 12) & ~0xffL);
    }
}
