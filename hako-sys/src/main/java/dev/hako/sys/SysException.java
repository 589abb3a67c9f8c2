package dev.hako.sys;

import java.io.IOException;

/** A failed system call: which call, on what, and the errno it returned. */
public final class SysException extends IOException {
    private final int errno;

    public SysException(String call, String target, int errno) {
        super(call + " " + target + ": " + Errno.describe(errno));
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
