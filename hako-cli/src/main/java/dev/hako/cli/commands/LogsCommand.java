package dev.hako.cli.commands;

import dev.hako.api.v1.LogEntry;
import dev.hako.api.v1.LogsRequest;
import dev.hako.cli.Cli;
import dev.hako.cli.format.LogTimestamps;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.concurrent.Callable;

/**
 * `hako logs`: each entry's bytes to stdout or stderr as the container wrote them; -t puts docker's
 * fixed-width RFC 3339 time and a space before each; -f follows until the container exits.
 */
@Command(name = "logs", description = "Fetch the logs of a container")
public final class LogsCommand implements Callable<Integer> {
    private final Cli cli;

    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--follow"}, description = "Follow log output")
    boolean follow;

    @Option(names = {"-n", "--tail"}, paramLabel = "string", description = "Number of lines to show from the end of the logs (default \"all\")")
    String tail = "all";

    @Option(names = {"-t", "--timestamps"}, description = "Show timestamps")
    boolean timestamps;

    @Parameters(paramLabel = "CONTAINER", description = "The container")
    String container;

    public LogsCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() throws IOException {
        LogsRequest request = LogsRequest.newBuilder()
                .setContainer(container)
                .setFollow(follow)
                .setTail(tailLines())
                .setTimestamps(timestamps)
                .build();
        PrintStream out = cli.out();
        PrintStream err = cli.err();
        for (Iterator<LogEntry> entries = cli.daemon().containers().logs(request); entries.hasNext(); ) {
            LogEntry entry = entries.next();
            PrintStream target = entry.getStream().equals("stderr") ? err : out;
            if (target == err) {
                out.flush(); // keep the two streams in the order the container wrote them
            }
            if (timestamps) {
                target.write((LogTimestamps.fixed(entry.getTimestamp()) + " ").getBytes(StandardCharsets.UTF_8));
            }
            entry.getData().writeTo(target);
            if (follow || target == err) {
                target.flush();
                // `logs -f | head`: PrintStream swallows the broken pipe, so ask, or follow forever.
                if (follow && target.checkError()) {
                    break;
                }
            }
        }
        out.flush();
        return 0;
    }

    /** docker's --tail: "all" (or a negative number) for everything, else a count of lines. */
    private long tailLines() {
        if (tail.equals("all")) {
            return -1;
        }
        try {
            long n = Long.parseLong(tail);
            return n < 0 ? -1 : n;
        } catch (NumberFormatException e) {
            throw new ParameterException(spec.commandLine(),
                    "invalid argument \"" + tail + "\" for \"-n, --tail\" flag: must be \"all\" or a number");
        }
    }
}
