package dev.hako.cgroups;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The cgroup lines of a /proc/PID/mountinfo text. */
final class MountInfo {
    private MountInfo() {}

    /** One cgroup or cgroup2 mount: where it is and its super options (which name the v1 controllers). */
    record CgroupMount(String mountPoint, String fsType, List<String> superOptions) {}

    static List<CgroupMount> parse(String text) {
        List<CgroupMount> mounts = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            // "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTIONS":
            // the optional fields vary in number, so the " - " separator is the anchor.
            String[] f = line.trim().split(" +");
            int dash = Arrays.asList(f).indexOf("-");
            if (dash < 6 || f.length < dash + 3) {
                throw new HakoException(ErrorKind.INTERNAL, "malformed mountinfo line: " + line);
            }
            String fsType = f[dash + 1];
            if (!fsType.equals("cgroup") && !fsType.equals("cgroup2")) {
                continue;
            }
            List<String> superOptions = f.length > dash + 3 ? List.of(f[dash + 3].split(",")) : List.of();
            mounts.add(new CgroupMount(unescape(f[4]), fsType, superOptions));
        }
        return mounts;
    }

    /** The kernel writes space, tab, newline and backslash in paths as three-digit octal escapes. */
    static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1)) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }
}
