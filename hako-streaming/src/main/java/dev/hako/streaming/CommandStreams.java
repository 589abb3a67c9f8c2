package dev.hako.streaming;

import java.io.Closeable;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The streams of one exec or attach session, whichever transport brought them. Null members were not
 * requested (or, for resize, not offered by the protocol).
 *
 * @param jsonStatus whether the error stream takes a JSON status (v4 and later) or only failure text
 * @param connection closes the whole session once the status is written
 */
record CommandStreams(InputStream stdin, OutputStream stdout, OutputStream stderr, OutputStream error,
        InputStream resize, boolean jsonStatus, Closeable connection) {}
