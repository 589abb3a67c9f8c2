package dev.hako.containers;

import dev.hako.errdefs.HakoException;
import dev.hako.snapshots.Mount;
import dev.hako.sys.SysException;
import dev.hako.sys.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Mounts a container's snapshot as its root filesystem, and finds out whether it is mounted. */
final class RootfsMounts implements RootfsMounter {
    @Override
    public void mount(List<Mount> mounts, Path target) throws IOException {
        if (mounts.size() != 1) {
            throw new HakoException(dev.hako.errdefs.ErrorKind.INTERNAL, "expected one mount for a root filesystem, got " + mounts);
        }
        Mount m = mounts.getFirst();
        Files.createDirectories(target);
        List<String> data = new ArrayList<>();
        long flags = 0;
        for (String option : m.options()) {
            switch (option) {
                case "rbind" -> flags |= Syscalls.MS_BIND | Syscalls.MS_REC;
                case "bind" -> flags |= Syscalls.MS_BIND;
                case "ro" -> flags |= Syscalls.MS_RDONLY;
                case "rw" -> { }
                default -> data.add(option);
            }
        }
        if (m.type().equals("bind")) {
            Syscalls.mount(m.source(), target, null, flags, null);
        } else {
            Syscalls.mount(m.source(), target, m.type(), flags, String.join(",", data));
        }
    }

    /** Unmounts {@code target} if something is mounted there (lazily, so a busy mount still goes). */
    @Override
    public void unmount(Path target) throws IOException {
        while (isMounted(target)) {
            try {
                Syscalls.umount(target, Syscalls.MNT_DETACH);
            } catch (SysException e) {
                if (!isMounted(target)) {
                    return;
                }
                throw e;
            }
        }
    }

    @Override
    public boolean isMounted(Path target) throws IOException {
        String wanted = target.toAbsolutePath().normalize().toString();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] f = line.split(" ");
            if (f.length > 4 && unescape(f[4]).equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    /** mountinfo escapes spaces, tabs, newlines and backslashes as octal. */
    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length()) {
                sb.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
