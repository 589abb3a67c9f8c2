package dev.hako.cli.transfer;

import java.io.IOException;

/** An archive entry that would land outside the destination, or write through a symbolic link. */
public final class UnsafeArchiveException extends IOException {
    public UnsafeArchiveException(String message) {
        super(message);
    }
}
