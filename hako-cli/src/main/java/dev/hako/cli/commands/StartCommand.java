package dev.hako.cli.commands;

import dev.hako.api.v1.InspectContainerRequest;
import dev.hako.api.v1.StartContainerRequest;
import dev.hako.cli.Cli;
import dev.hako.cli.CliException;
import dev.hako.cli.Failures;
import dev.hako.cli.container.AttachedStart;
import dev.hako.cli.format.JsonTree;
import io.grpc.StatusRuntimeException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * `hako start`: starts each container and prints its name as given; with -a or -i, attaches to one
 * container first (as `run` does) and exits with its code.
 */
@Command(name = "start", description = "Start one or more stopped containers")
public final class StartCommand implements Callable<Integer> {
    private final Cli cli;

    @Option(names = {"-a", "--attach"}, description = "Attach STDOUT/STDERR and forward signals")
    boolean attach;

    @Option(names = {"-i", "--interactive"}, description = "Attach container's STDIN")
    boolean interactive;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER", description = "Containers to start")
    List<String> containers;

    public StartCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (attach || interactive) {
            if (containers.size() > 1) {
                throw new CliException("you cannot start and attach multiple containers at once");
            }
            return attached(containers.getFirst());
        }
        List<String> failed = new ArrayList<>();
        for (String container : containers) {
            try {
                cli.daemon().containers().start(StartContainerRequest.newBuilder().setContainer(container).build());
            } catch (StatusRuntimeException e) {
                if (!Failures.isDaemonReply(e)) {
                    throw e;
                }
                cli.error(Failures.message(e, null));
                failed.add(container);
                continue;
            }
            cli.out().println(container);
        }
        if (!failed.isEmpty()) {
            throw new CliException("Error: failed to start containers: " + String.join(", ", failed));
        }
        return 0;
    }

    /** The container's own Tty and OpenStdin decide the terminal and whether stdin is sent, as in docker. */
    private int attached(String container) throws IOException, InterruptedException {
        Object json = JsonTree.parse(cli.daemon().containers()
                .inspect(InspectContainerRequest.newBuilder().setContainer(container).build()).getJson());
        boolean tty = Boolean.TRUE.equals(JsonTree.at(json, "Config", "Tty"));
        boolean stdin = interactive && Boolean.TRUE.equals(JsonTree.at(json, "Config", "OpenStdin"));
        if (stdin && tty && !cli.terminal().tty().stdinIsTerminal()) {
            throw new CliException("the input device is not a TTY");
        }
        return new AttachedStart(container, stdin, tty, true, e -> e).run(cli);
    }
}
