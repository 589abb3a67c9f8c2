package dev.hako.cli.container;

import dev.hako.cli.Cli;
import dev.hako.cli.Failures;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.util.ArrayList;
import java.util.List;

/**
 * docker's way with several containers (stop, kill, restart, rm, wait): each is asked for in turn;
 * on success a line (by default the name as given) goes to stdout at once; the daemon's errors are
 * printed after all of them, and the command exits 1 if any failed. A daemon that cannot be reached
 * stops the loop: nothing else would work either.
 */
public final class EachContainer {
    /** One container's call; returns the line to print on success. */
    @FunctionalInterface
    public interface Action {
        String apply(String container);
    }

    private EachContainer() {}

    public static int run(Cli cli, List<String> containers, Action action) {
        return run(cli, containers, action, false);
    }

    /**
     * @param notFoundIsFine docker's `rm -f`: a missing container is reported on stderr but does
     *                       not fail the command
     */
    public static int run(Cli cli, List<String> containers, Action action, boolean notFoundIsFine) {
        List<String> errors = new ArrayList<>();
        for (String container : containers) {
            String line;
            try {
                line = action.apply(container);
            } catch (StatusRuntimeException e) {
                if (!Failures.isDaemonReply(e)) {
                    throw e;
                }
                if (notFoundIsFine && e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                    cli.error(Failures.message(e, null));
                } else {
                    errors.add(Failures.message(e, null));
                }
                continue;
            }
            if (line != null) {
                cli.out().println(line);
                cli.out().flush(); // `wait` on several containers: each code as soon as it is known
            }
        }
        errors.forEach(cli::error);
        return errors.isEmpty() ? Failures.OK : Failures.FAILED;
    }
}
