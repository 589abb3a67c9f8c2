package dev.hako.cli.commands;

import dev.hako.api.v1.ContainerConfig;
import dev.hako.api.v1.StartContainerRequest;
import dev.hako.cli.Cli;
import dev.hako.cli.CliException;
import dev.hako.cli.LaunchFailure;
import dev.hako.cli.container.AttachedStart;
import dev.hako.cli.container.ContainerCreator;
import dev.hako.cli.container.ContainerFlags;
import io.grpc.StatusRuntimeException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * `hako run`: create (pulling the image if needed), then either start and print the id (-d), or
 * attach, start and stream until the container exits with the container's exit code. Failures to
 * create or start are docker run's: "hako: ..." and exit 125 (126/127 for a command that cannot be
 * run or found).
 */
@Command(name = "run", description = "Create and run a new container from an image",
        customSynopsis = "hako run [OPTIONS] IMAGE [COMMAND] [ARG...]")
public final class RunCommand implements Callable<Integer> {
    private final Cli cli;

    @Spec
    CommandSpec spec;

    @Mixin
    ContainerFlags flags;

    @Option(names = {"-d", "--detach"}, description = "Run container in background and print container ID")
    boolean detach;

    @Option(names = "--sig-proxy", arity = "0..1", fallbackValue = "true", paramLabel = "bool",
            description = "Proxy received signals to the process (default true)")
    boolean sigProxy = true;

    public RunCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        ContainerConfig config = Create.config(spec, flags, cli, !detach);
        if (!detach && flags.interactive() && flags.tty() && !cli.terminal().tty().stdinIsTerminal()) {
            throw new CliException("the input device is not a TTY");
        }
        String id;
        try {
            id = ContainerCreator.create(cli, config, flags.pullPolicy(), flags.quiet());
        } catch (RuntimeException e) {
            throw new LaunchFailure("run", true, e);
        }
        if (detach) {
            try {
                cli.daemon().containers().start(StartContainerRequest.newBuilder().setContainer(id).build());
            } catch (StatusRuntimeException e) {
                throw new LaunchFailure("run", false, e);
            }
            cli.out().println(id);
            return 0;
        }
        return new AttachedStart(id, flags.interactive(), flags.tty(), sigProxy,
                e -> new LaunchFailure("run", false, e)).run(cli);
    }
}
