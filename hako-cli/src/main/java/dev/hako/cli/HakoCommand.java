package dev.hako.cli;

import dev.hako.cli.commands.ImageInspectCommand;
import dev.hako.cli.commands.ImagePruneCommand;
import dev.hako.cli.commands.ImagesCommand;
import dev.hako.cli.commands.ImportCommand;
import dev.hako.cli.commands.InfoCommand;
import dev.hako.cli.commands.LoadCommand;
import dev.hako.cli.commands.LoginCommand;
import dev.hako.cli.commands.LogoutCommand;
import dev.hako.cli.commands.PullCommand;
import dev.hako.cli.commands.PushCommand;
import dev.hako.cli.commands.RmiCommand;
import dev.hako.cli.commands.SaveCommand;
import dev.hako.cli.commands.TagCommand;
import dev.hako.cli.commands.VersionCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The `hako` command: global options, and the tree of docker-named subcommands. */
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

    /**
     * Builds the whole tree. Commands are registered by hand (not through annotations) so each gets
     * the {@link Cli} through its constructor, and docker's aliases are spelled out in one place.
     */
    static CommandLine tree(Cli cli) {
        CommandLine hako = new CommandLine(new HakoCommand(cli));
        hako.addSubcommand("version", new VersionCommand(cli));
        hako.addSubcommand("info", new InfoCommand(cli));
        hako.addSubcommand("image", image(cli));
        hako.addSubcommand("images", new ImagesCommand(cli));
        hako.addSubcommand("pull", new PullCommand(cli));
        hako.addSubcommand("push", new PushCommand(cli));
        hako.addSubcommand("tag", new TagCommand(cli));
        hako.addSubcommand("rmi", new RmiCommand(cli));
        hako.addSubcommand("import", new ImportCommand(cli));
        hako.addSubcommand("save", new SaveCommand(cli));
        hako.addSubcommand("load", new LoadCommand(cli));
        hako.addSubcommand("login", new LoginCommand(cli));
        hako.addSubcommand("logout", new LogoutCommand(cli));
        decorate(hako);
        return hako;
    }

    private static CommandLine image(Cli cli) {
        CommandLine image = new CommandLine(new ImageCommand());
        image.addSubcommand("ls", named("ls", new ImagesCommand(cli)), "list");
        image.addSubcommand("inspect", new ImageInspectCommand(cli));
        image.addSubcommand("pull", new PullCommand(cli));
        image.addSubcommand("push", new PushCommand(cli));
        image.addSubcommand("tag", new TagCommand(cli));
        image.addSubcommand("rm", named("rm", new RmiCommand(cli)), "remove");
        image.addSubcommand("import", new ImportCommand(cli));
        image.addSubcommand("save", new SaveCommand(cli));
        image.addSubcommand("load", new LoadCommand(cli));
        image.addSubcommand("prune", new ImagePruneCommand(cli));
        return image;
    }

    /** The same command under docker's other name (`image ls` is `images`), so its help says so. */
    private static CommandLine named(String name, Object command) {
        CommandLine line = new CommandLine(command);
        line.getCommandSpec().name(name);
        return line;
    }

    /**
     * docker's help layout on every command, and -h/--help (picocli's standard mixin would also add
     * -V, which docker lacks).
     */
    private static void decorate(CommandLine command) {
        CommandSpec spec = command.getCommandSpec();
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Print usage").build());
        spec.usageMessage()
                .synopsisHeading("%nUsage:  ")
                .abbreviateSynopsis(true)
                .descriptionHeading("%n")
                .parameterListHeading("%nArguments:%n")
                .optionListHeading("%nOptions:%n")
                .commandListHeading("%nCommands:%n");
        command.getSubcommands().values().stream().distinct().forEach(HakoCommand::decorate);
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

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"hako version " + ClientVersion.version()};
        }
    }
}
