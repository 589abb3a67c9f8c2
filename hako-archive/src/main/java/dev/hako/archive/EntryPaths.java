package dev.hako.archive;

import java.util.ArrayList;
import java.util.List;

/**
 * Entry names as paths relative to a layer root: cleaned lexically ("./a//b/" is "a/b", the root
 * is ""), never resolved, so no symlink is followed while cleaning. A leading "/" roots a name at
 * the layer root ("/" is the root, "/etc" is "etc"), as Go's filepath.Join(root, name) does in
 * containerd and docker: umoci writes a "/" entry, and some tools write absolute names.
 */
final class EntryPaths {
    private EntryPaths() {}

    /**
     * The cleaned form of {@code name}, or null when a relative name climbs above the root
     * ({@code ../x}, {@code a/../../x}). A rooted name cannot climb: as in Go's filepath.Clean,
     * ".." at the root stays at the root ({@code /../x} is {@code x}).
     */
    static String clean(String name) {
        int start = 0;
        boolean rooted = name.startsWith("/");
        while (true) { // the usual "./usr/bin" prefix (and leading slashes), without the slow path
            if (name.startsWith("./", start)) {
                start += 2;
            } else if (name.startsWith("/", start)) {
                start += 1;
            } else {
                break;
            }
        }
        int end = name.length();
        while (end > start && name.charAt(end - 1) == '/') {
            end--;
        }
        if (isClean(name, start, end)) {
            return start == 0 && end == name.length() ? name : name.substring(start, end);
        }
        List<String> segments = new ArrayList<>();
        int i = start;
        while (i < end) {
            int slash = name.indexOf('/', i);
            int segmentEnd = slash < 0 || slash > end ? end : slash;
            int length = segmentEnd - i;
            if (length == 2 && name.charAt(i) == '.' && name.charAt(i + 1) == '.') {
                if (!segments.isEmpty()) {
                    segments.removeLast();
                } else if (!rooted) {
                    return null;
                }
            } else if (length > 0 && !(length == 1 && name.charAt(i) == '.')) {
                segments.add(name.substring(i, segmentEnd));
            }
            i = segmentEnd + 1;
        }
        return String.join("/", segments);
    }

    /** True when name[start, end) has no empty, "." or ".." segment. */
    private static boolean isClean(String name, int start, int end) {
        int segmentStart = start;
        for (int i = start; i <= end; i++) {
            if (i == end || name.charAt(i) == '/') {
                int length = i - segmentStart;
                if (i < end && length == 0) {
                    return false;
                }
                if (length == 1 && name.charAt(segmentStart) == '.') {
                    return false;
                }
                if (length == 2 && name.charAt(segmentStart) == '.' && name.charAt(segmentStart + 1) == '.') {
                    return false;
                }
                segmentStart = i + 1;
            }
        }
        return true;
    }

    /** The parent of a cleaned, non-root path; "" for a top-level one. */
    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    /** The last segment of a cleaned path. */
    static String baseName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** {@code parent/name}, or {@code name} at the root. */
    static String child(String parent, String name) {
        return parent.isEmpty() ? name : parent + "/" + name;
    }
}
