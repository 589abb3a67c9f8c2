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
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The command tree, with docker's names and aliases in one place. Picocli reflects over every
 * command it is given (5-15 ms each on a cold JVM), so when the command line names a command only
 * that branch is built; help and unknown words get the whole tree.
 */
final class CommandTree {
    /** Top-level commands, in the order `hako --help` lists them. */
    private static final String[] TOP = {
        "version", "info", "image", "images", "pull", "push", "tag", "rmi", "import", "save", "load", "login", "logout"};
    /** `hako image` commands, in help order. */
    private static final String[] IMAGE = {"ls", "inspect", "pull", "push", "tag", "rm", "import", "save", "load", "prune"};

    private CommandTree() {}

    static CommandLine build(Cli cli, String... args) {
        int first = firstCommandWord(args);
        String top = first < args.length ? args[first] : null;
        String sub = first + 1 < args.length ? args[first + 1] : null;
        boolean knownTop = top != null && indexOf(TOP, top) >= 0;

        CommandLine hako = new CommandLine(new HakoCommand(cli));
        for (String name : TOP) {
            if (!knownTop || name.equals(top)) {
                hako.addSubcommand(name, name.equals("image") ? image(cli, sub) : command(name, cli));
            }
        }
        decorate(hako);
        return hako;
    }

    private static CommandLine image(Cli cli, String wanted) {
        String canonical = switch (wanted == null ? "" : wanted) {
            case "list" -> "ls";
            case "remove" -> "rm";
            default -> wanted;
        };
        boolean known = canonical != null && indexOf(IMAGE, canonical) >= 0;
        CommandLine image = new CommandLine(new HakoCommand.ImageCommand());
        for (String name : IMAGE) {
            if (known && !name.equals(canonical)) {
                continue;
            }
            switch (name) {
                case "ls" -> image.addSubcommand("ls", named("ls", new ImagesCommand(cli)), "list");
                case "rm" -> image.addSubcommand("rm", named("rm", new RmiCommand(cli)), "remove");
                case "inspect" -> image.addSubcommand("inspect", new ImageInspectCommand(cli));
                case "prune" -> image.addSubcommand("prune", new ImagePruneCommand(cli));
                default -> image.addSubcommand(name, command(name, cli));
            }
        }
        return image;
    }

    /** A command that exists both at the top level and under `image`, by its top-level name. */
    private static Object command(String name, Cli cli) {
        return switch (name) {
            case "version" -> new VersionCommand(cli);
            case "info" -> new InfoCommand(cli);
            case "images" -> new ImagesCommand(cli);
            case "pull" -> new PullCommand(cli);
            case "push" -> new PushCommand(cli);
            case "tag" -> new TagCommand(cli);
            case "rmi" -> new RmiCommand(cli);
            case "import" -> new ImportCommand(cli);
            case "save" -> new SaveCommand(cli);
            case "load" -> new LoadCommand(cli);
            case "login" -> new LoginCommand(cli);
            case "logout" -> new LogoutCommand(cli);
            default -> throw new IllegalArgumentException("no command " + name);
        };
    }

    /**
     * Where the command name sits: after any --socket options. Any other leading option (-h, -v,
     * an unknown flag) means no command word, so the whole tree is built.
     */
    static int firstCommandWord(String[] args) {
        int i = 0;
        while (i < args.length) {
            if (args[i].equals("--socket")) {
                i += 2;
            } else if (args[i].startsWith("--socket=")) {
                i++;
            } else {
                break;
            }
        }
        return i < args.length && !args[i].startsWith("-") ? i : args.length;
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
        for (CommandLine sub : command.getSubcommands().values()) {
            // Aliases map to the same CommandLine: decorate each once.
            if (sub.getCommandSpec().findOption("--help") == null) {
                decorate(sub);
            }
        }
    }

    private static int indexOf(String[] names, String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
