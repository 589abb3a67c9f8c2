package dev.hako.registry;

import java.io.IOException;

/** Supplies something that takes I/O to open, such as a blob's content; may be called more than once. */
@FunctionalInterface
public interface IoSupplier<T> {
    T get() throws IOException;
}
