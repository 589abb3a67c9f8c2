package dev.hako.streaming;

import io.netty.channel.Channel;
import java.util.concurrent.RejectedExecutionException;

/** Runs work on a connection's event loop from session threads, which may outlive the server. */
final class ChannelTasks {
    private ChannelTasks() {}

    /** Runs {@code task} on the channel's event loop; once the server has shut down there is nothing left to do. */
    static void execute(Channel channel, Runnable task) {
        try {
            channel.eventLoop().execute(task);
        } catch (RejectedExecutionException e) {
            // The event loop is gone and the channel with it.
        }
    }
}
