package dev.hako.docker;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * How a handler answers, from a thread of its own: a whole JSON document, nothing, a stream whose
 * headers go out at once, or the connection itself (hijacked, as attach takes it). A handler that
 * throws before it answered gets docker's error shape instead.
 */
public interface DockerResponse {
    void json(HttpResponseStatus status, Object body) throws IOException;

    void empty(HttpResponseStatus status) throws IOException;

    /** Plain text (the ping's "OK"). */
    void text(HttpResponseStatus status, String body) throws IOException;

    /**
     * Sends the status and headers now (a client may wait for them before its next step, as the
     * docker CLI does on a wait before it starts the container) and answers an open body, chunked;
     * closing it ends the response. Writes block while the client does not read.
     */
    OutputStream stream(HttpResponseStatus status, String contentType) throws IOException;

    /** Takes the connection over (101 UPGRADED): raw bytes both ways until {@link Hijacked#close}. */
    Hijacked hijack(String contentType) throws IOException;

    /** Whether anything was sent yet: an error after that can only end the connection. */
    boolean committed();

    /** False once the client closed the connection: a handler that waits may give up. */
    boolean clientConnected();

    /** A connection taken over by its handler. The input ends when the client closes its side. */
    interface Hijacked extends AutoCloseable {
        OutputStream output();

        InputStream input();

        /** False once the client closed the connection. */
        boolean isOpen();

        @Override
        void close();
    }
}
