package dev.hako.sys;

import java.util.Map;

/** errno values hako reacts to, and their names for messages. */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    public static final int EIO = 5;
    public static final int ENXIO = 6;
    public static final int EBADF = 9;
    public static final int ECHILD = 10;
    public static final int EAGAIN = 11;
    public static final int EACCES = 13;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int EXDEV = 18;
    public static final int ENOTDIR = 20;
    public static final int EISDIR = 21;
    public static final int EINVAL = 22;
    public static final int ENOSPC = 28;
    public static final int EPIPE = 32;
    public static final int ERANGE = 34;
    public static final int ENOSYS = 38;
    public static final int ENAMETOOLONG = 36;
    public static final int ENOTEMPTY = 39;
    public static final int ELOOP = 40;
    public static final int ENODATA = 61;
    public static final int EOPNOTSUPP = 95;
    public static final int ECONNRESET = 104;
    public static final int ENOTCONN = 107;
    public static final int ECONNREFUSED = 111;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(EPERM, "EPERM: operation not permitted"),
            Map.entry(ENOENT, "ENOENT: no such file or directory"),
            Map.entry(ESRCH, "ESRCH: no such process"),
            Map.entry(EINTR, "EINTR: interrupted system call"),
            Map.entry(EIO, "EIO: input/output error"),
            Map.entry(ENXIO, "ENXIO: no such device or address"),
            Map.entry(EBADF, "EBADF: bad file descriptor"),
            Map.entry(ECHILD, "ECHILD: no child processes"),
            Map.entry(EAGAIN, "EAGAIN: resource temporarily unavailable"),
            Map.entry(EACCES, "EACCES: permission denied"),
            Map.entry(EBUSY, "EBUSY: device or resource busy"),
            Map.entry(EEXIST, "EEXIST: file exists"),
            Map.entry(EXDEV, "EXDEV: invalid cross-device link"),
            Map.entry(ENOTDIR, "ENOTDIR: not a directory"),
            Map.entry(EISDIR, "EISDIR: is a directory"),
            Map.entry(EINVAL, "EINVAL: invalid argument"),
            Map.entry(ENOSPC, "ENOSPC: no space left on device"),
            Map.entry(EPIPE, "EPIPE: broken pipe"),
            Map.entry(ERANGE, "ERANGE: result too large"),
            Map.entry(ENOSYS, "ENOSYS: function not implemented"),
            Map.entry(ENAMETOOLONG, "ENAMETOOLONG: file name too long"),
            Map.entry(ENOTEMPTY, "ENOTEMPTY: directory not empty"),
            Map.entry(ELOOP, "ELOOP: too many levels of symbolic links"),
            Map.entry(ENODATA, "ENODATA: no data available"),
            Map.entry(EOPNOTSUPP, "EOPNOTSUPP: operation not supported"),
            Map.entry(ECONNRESET, "ECONNRESET: connection reset by peer"),
            Map.entry(ENOTCONN, "ENOTCONN: transport endpoint is not connected"),
            Map.entry(ECONNREFUSED, "ECONNREFUSED: connection refused"));

    private Errno() {}

    public static String describe(int errno) {
        return NAMES.getOrDefault(errno, "errno " + errno);
    }
}
