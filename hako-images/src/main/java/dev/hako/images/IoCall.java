package dev.hako.images;

import java.io.IOException;

/** A step that may fail with an IOException. */
@FunctionalInterface
interface IoCall<T> {
    T run() throws IOException;
}
