package dev.hako.sys;

import java.util.Map;

/** errno values hako reacts to, and their names for messages. */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EINTR = 4;
    public static final int EBADF = 9;
    public static final int EACCES = 13;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int EXDEV = 18;
    public static final int ENOTDIR = 20;
    public static final int EISDIR = 21;
    public static final int EINVAL = 22;
    public static final int ENOSPC = 28;
    public static final int ERANGE = 34;
    public static final int ENOTEMPTY = 39;
    public static final int ELOOP = 40;
    public static final int ENODATA = 61;
    public static final int EOPNOTSUPP = 95;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(EPERM, "EPERM: operation not permitted"),
            Map.entry(ENOENT, "ENOENT: no such file or directory"),
            Map.entry(EINTR, "EINTR: interrupted system call"),
            Map.entry(EBADF, "EBADF: bad file descriptor"),
            Map.entry(EACCES, "EACCES: permission denied"),
            Map.entry(EBUSY, "EBUSY: device or resource busy"),
            Map.entry(EEXIST, "EEXIST: file exists"),
            Map.entry(EXDEV, "EXDEV: invalid cross-device link"),
            Map.entry(ENOTDIR, "ENOTDIR: not a directory"),
            Map.entry(EISDIR, "EISDIR: is a directory"),
            Map.entry(EINVAL, "EINVAL: invalid argument"),
            Map.entry(ENOSPC, "ENOSPC: no space left on device"),
            Map.entry(ERANGE, "ERANGE: result too large"),
            Map.entry(ENOTEMPTY, "ENOTEMPTY: directory not empty"),
            Map.entry(ELOOP, "ELOOP: too many levels of symbolic links"),
            Map.entry(ENODATA, "ENODATA: no data available"),
            Map.entry(EOPNOTSUPP, "EOPNOTSUPP: operation not supported"));

    private Errno() {}

    public static String describe(int errno) {
        return NAMES.getOrDefault(errno, "errno " + errno);
    }
}
