package dev.hako.cli.commands;

import dev.hako.cli.Cli;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/** `hako container inspect`: the daemon's docker-shaped JSON of each container. */
@Command(name = "inspect", description = "Display detailed information on one or more containers")
public final class ContainerInspectCommand implements Callable<Integer> {
    private final Cli cli;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER", description = "Containers to inspect")
    List<String> containers;

    public ContainerInspectCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        return Inspection.run(cli, containers, Inspection.Kind.CONTAINER);
    }
}
