package dev.hako.streaming;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Runs one exec or attach once its streams are open, then reports how it ended on the error stream
 * and closes the connection, as kubelet's ServeExec and ServeAttach do.
 */
final class RemoteCommandSession {
    private static final Logger LOG = System.getLogger("hako.streaming");

    /** The handler's work; returns the status to report. */
    @FunctionalInterface
    interface Command {
        CommandStatus run(StreamIo io) throws Exception;
    }

    private RemoteCommandSession() {}

    static void exec(ExecRequest request, ExecHandler handler, CommandStreams streams) {
        run(streams, request.tty(), io -> {
            int exitCode = handler.exec(request.containerId(), request.cmd(), io);
            return exitCode == 0 ? CommandStatus.success() : CommandStatus.nonZeroExit(exitCode, request.cmd());
        }, "error executing command in container");
    }

    static void attach(AttachRequest request, AttachHandler handler, CommandStreams streams) {
        run(streams, request.tty(), io -> {
            handler.attach(request.containerId(), io);
            return CommandStatus.success();
        }, "error attaching to container");
    }

    private static void run(CommandStreams streams, boolean tty, Command command, String failure) {
        TerminalSizeQueue resizes = streams.resize() == null ? TerminalSizeQueue.EMPTY : ResizeReader.start(streams.resize());
        StreamIo io = new StreamIo(streams.stdin(), streams.stdout(), streams.stderr(), tty, resizes,
                streams.closed());
        CommandStatus status;
        try {
            status = command.run(io);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            String message = failure + ": " + (e.getMessage() == null ? e.toString() : e.getMessage());
            LOG.log(Level.WARNING, message, e);
            status = CommandStatus.internalError(message);
        }
        try {
            byte[] encoded = status.encode(streams.jsonStatus());
            OutputStream error = streams.error();
            if (encoded.length > 0) {
                error.write(encoded);
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "could not report the status, the client is gone: {0}", e.toString());
        } finally {
            try {
                streams.connection().close();
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "closing a streaming connection: {0}", e.toString());
            }
        }
    }
}
