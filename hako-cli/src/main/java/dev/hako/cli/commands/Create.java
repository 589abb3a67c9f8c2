package dev.hako.cli.commands;

import dev.hako.api.v1.ContainerConfig;
import dev.hako.cli.Cli;
import dev.hako.cli.container.ContainerFlags;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

import java.io.IOException;

/** What `run` and `create` share before talking to the daemon. */
final class Create {
    private Create() {}

    /** The flags as a ContainerConfig; a bad value is a usage error (exit 125, docker's message). */
    static ContainerConfig config(CommandSpec spec, ContainerFlags flags, Cli cli, boolean stdinOnce) throws IOException {
        try {
            return flags.toConfig(cli::getenv, stdinOnce);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
