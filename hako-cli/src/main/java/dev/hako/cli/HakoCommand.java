package dev.hako.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The `hako` command itself: the global options; its subcommands are added by {@link CommandTree}. */
@Command(name = "hako",
        description = "A container runtime for Kubernetes nodes, driven like docker.",
        customSynopsis = "hako [OPTIONS] COMMAND",
        versionProvider = HakoCommand.VersionProvider.class)
final class HakoCommand implements Runnable {
    private final Cli cli;

    @Spec
    CommandSpec spec;

    @Option(names = {"-v", "--version"}, versionHelp = true, description = "Print version information and quit")
    boolean version;

    HakoCommand(Cli cli) {
        this.cli = cli;
    }

    @Option(names = "--socket", paramLabel = "PATH",
            description = "Daemon socket to connect to (default: $HAKO_SOCKET, else " + Cli.DEFAULT_SOCKET + ")")
    void socket(String path) {
        cli.socketOption(path);
    }

    /** No command: help, as docker does. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** `hako image`: docker's management command for images. */
    @Command(name = "image", description = "Manage images", customSynopsis = "hako image COMMAND")
    static final class ImageCommand implements Runnable {
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }
    }

    /** `hako container`: docker's management command for containers. */
    @Command(name = "container", description = "Manage containers", customSynopsis = "hako container COMMAND")
    static final class ContainerCommand implements Runnable {
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"hako version " + ClientVersion.version()};
        }
    }
}
