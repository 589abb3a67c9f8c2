package dev.hako.cli.commands;

import dev.hako.api.v1.WaitContainerRequest;
import dev.hako.cli.Cli;
import dev.hako.cli.container.EachContainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/** `hako wait`: blocks until each container stops, then prints its exit code. */
@Command(name = "wait", description = "Block until one or more containers stop, then print their exit codes")
public final class WaitCommand implements Callable<Integer> {
    private final Cli cli;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER", description = "Containers to wait for")
    List<String> containers;

    public WaitCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        return EachContainer.run(cli, containers, container -> Integer.toString(cli.daemon().containers()
                .wait(WaitContainerRequest.newBuilder().setContainer(container).build()).getExitCode()));
    }
}
