package dev.hako.cli.commands;

import dev.hako.api.v1.RemoveContainerRequest;
import dev.hako.cli.Cli;
import dev.hako.cli.container.EachContainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * `hako rm`: removes each container and prints it as given; -f kills a running one first, and (as
 * docker's) does not fail for a container that does not exist.
 */
@Command(name = "rm", description = "Remove one or more containers")
public final class RmCommand implements Callable<Integer> {
    private final Cli cli;

    @Option(names = {"-f", "--force"}, description = "Force the removal of a running container (uses SIGKILL)")
    boolean force;

    // docker users type `rm -fv`: hako has no anonymous volumes, so there is nothing more to remove.
    @Option(names = {"-v", "--volumes"}, description = "Remove anonymous volumes associated with the container (hako has none)")
    boolean volumes;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER", description = "Containers to remove")
    List<String> containers;

    public RmCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        return EachContainer.run(cli, containers, container -> {
            cli.daemon().containers().remove(RemoveContainerRequest.newBuilder().setContainer(container).setForce(force).build());
            return container;
        }, force);
    }
}
