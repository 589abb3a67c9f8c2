package dev.hako.cli.commands;

import dev.hako.api.v1.KillContainerRequest;
import dev.hako.cli.Cli;
import dev.hako.cli.container.EachContainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/** `hako kill`: a signal (KILL by default) to each container; prints each as given. */
@Command(name = "kill", description = "Kill one or more running containers")
public final class KillCommand implements Callable<Integer> {
    private final Cli cli;

    @Option(names = {"-s", "--signal"}, paramLabel = "string", description = "Signal to send to the container")
    String signal = "";

    @Parameters(arity = "1..*", paramLabel = "CONTAINER", description = "Containers to kill")
    List<String> containers;

    public KillCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        return EachContainer.run(cli, containers, container -> {
            cli.daemon().containers().kill(KillContainerRequest.newBuilder().setContainer(container).setSignal(signal).build());
            return container;
        });
    }
}
