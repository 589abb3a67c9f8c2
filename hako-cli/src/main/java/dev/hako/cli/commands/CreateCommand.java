package dev.hako.cli.commands;

import dev.hako.api.v1.ContainerConfig;
import dev.hako.cli.Cli;
import dev.hako.cli.LaunchFailure;
import dev.hako.cli.container.ContainerCreator;
import dev.hako.cli.container.ContainerFlags;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.util.concurrent.Callable;

/** `hako create`: the container, not started; prints its full id. */
@Command(name = "create", description = "Create a new container",
        customSynopsis = "hako create [OPTIONS] IMAGE [COMMAND] [ARG...]")
public final class CreateCommand implements Callable<Integer> {
    private final Cli cli;

    @Spec
    CommandSpec spec;

    @Mixin
    ContainerFlags flags;

    public CreateCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() throws IOException {
        // docker: with -i the container's stdin closes when the client that attached it detaches.
        ContainerConfig config = Create.config(spec, flags, cli, true);
        String id;
        try {
            id = ContainerCreator.create(cli, config, flags.pullPolicy(), flags.quiet());
        } catch (RuntimeException e) {
            throw new LaunchFailure("create", true, e);
        }
        cli.out().println(id);
        return 0;
    }
}
