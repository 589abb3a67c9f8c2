package dev.hako.cli.transfer;

import java.util.ArrayList;
import java.util.List;

/** Go's path.Clean, Dir and Base on slash-separated strings: `cp` reasons about paths as docker does. */
public final class GoPath {
    private GoPath() {}

    public static String clean(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        boolean rooted = path.startsWith("/");
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!parts.isEmpty() && !parts.getLast().equals("..")) {
                    parts.removeLast();
                } else if (!rooted) {
                    parts.add(part);
                }
                continue;
            }
            parts.add(part);
        }
        String joined = String.join("/", parts);
        if (rooted) {
            return "/" + joined;
        }
        return joined.isEmpty() ? "." : joined;
    }

    public static String dir(String path) {
        int slash = path.lastIndexOf('/');
        return clean(slash < 0 ? "" : path.substring(0, slash + 1));
    }

    public static String base(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        while (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.equals("/")) {
            return "/";
        }
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** docker's SplitPathDirEntry: "dir/." keeps its "." base, meaning "the contents of dir". */
    public static String[] splitDirEntry(String path) {
        String cleaned = clean(path);
        if (specifiesCurrentDir(path)) {
            cleaned = cleaned.equals("/") ? "/." : cleaned + "/.";
        }
        return new String[] {dir(cleaned), base(cleaned)};
    }

    /** "dir/." or ".": the contents of a directory rather than the directory. */
    public static boolean specifiesCurrentDir(String path) {
        return base(path).equals(".");
    }

    /** A trailing slash or "/.": the path must be a directory. */
    public static boolean assertsDirectory(String path) {
        return path.endsWith("/") || specifiesCurrentDir(path);
    }
}
