package dev.hako.containers;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The threads that feed an exec or an attached container from a client that hands over streams
 * (the streaming server does): stdin copied until it ends and then closed, terminal sizes applied as
 * they come. They stop when the exec or the attach ends, so nothing waits on a client for nothing.
 */
final class StdioFeeds {
    /** Where input goes; it drops what comes after the end itself. */
    interface Input {
        void write(byte[] data, int offset, int length) throws IOException;

        void close() throws IOException;
    }

    interface Resize {
        void resize(int rows, int columns) throws IOException;
    }

    private final String name;
    private final List<Thread> threads = new ArrayList<>();
    private boolean stopped;

    StdioFeeds(String name) {
        this.name = name;
    }

    /** Copies the client's stdin in; its end closes the input (stdinOnce: the client's end is the process's). */
    void stdin(InputStream in, Input to) {
        // A platform thread: writing to a terminal or an attach socket blocks in native code.
        start(Thread.ofPlatform().daemon().name(name + "-stdin").unstarted(() -> {
            byte[] buffer = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    to.write(buffer, 0, n);
                }
                to.close();
            } catch (IOException e) {
                // The client went, or the end came: nothing more to send.
            }
        }));
    }

    void resizes(WindowSize.Source sizes, Resize to) {
        start(Thread.ofVirtual().name(name + "-resize").unstarted(() -> {
            try {
                WindowSize next;
                while ((next = sizes.next()) != null) {
                    to.resize(next.rows(), next.columns());
                }
            } catch (InterruptedException | IOException | RuntimeException e) {
                // Done: the session ended.
            }
        }));
    }

    private synchronized void start(Thread feed) {
        if (!stopped) {
            threads.add(feed);
            feed.start();
        }
    }

    /** Interrupts the feeds (a client's stream waits in Java, so an interrupt ends the wait). */
    synchronized void stop() {
        stopped = true;
        threads.forEach(Thread::interrupt);
    }
}
