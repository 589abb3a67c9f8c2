package dev.hako.cli.commands;

import dev.hako.api.v1.RestartContainerRequest;
import dev.hako.cli.Cli;
import dev.hako.cli.container.EachContainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/** `hako restart`: stop (as `stop -t`) then start each container; prints each as given. */
@Command(name = "restart", description = "Restart one or more containers")
public final class RestartCommand implements Callable<Integer> {
    private final Cli cli;

    @Option(names = {"-t", "--timeout", "--time"}, paramLabel = "int", description = "Seconds to wait before killing the container")
    int timeout = -1;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER", description = "Containers to restart")
    List<String> containers;

    public RestartCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        return EachContainer.run(cli, containers, container -> {
            cli.daemon().containers().restart(RestartContainerRequest.newBuilder().setContainer(container).setTimeout(timeout).build());
            return container;
        });
    }
}
