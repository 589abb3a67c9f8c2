package dev.hako.cli.commands;

import dev.hako.api.v1.StopContainerRequest;
import dev.hako.cli.Cli;
import dev.hako.cli.container.EachContainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/** `hako stop`: the stop signal, then SIGKILL after the timeout; prints each container as given. */
@Command(name = "stop", description = "Stop one or more running containers")
public final class StopCommand implements Callable<Integer> {
    private final Cli cli;

    // -1: the daemon's default (10 s, or the container's own).
    @Option(names = {"-t", "--timeout", "--time"}, paramLabel = "int", description = "Seconds to wait before killing the container")
    int timeout = -1;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER", description = "Containers to stop")
    List<String> containers;

    public StopCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        return EachContainer.run(cli, containers, container -> {
            cli.daemon().containers().stop(StopContainerRequest.newBuilder().setContainer(container).setTimeout(timeout).build());
            return container;
        });
    }
}
