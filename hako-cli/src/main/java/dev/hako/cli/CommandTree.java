package dev.hako.cli;

import dev.hako.cli.commands.ContainerInspectCommand;
import dev.hako.cli.commands.CpCommand;
import dev.hako.cli.commands.CreateCommand;
import dev.hako.cli.commands.ExecCommand;
import dev.hako.cli.commands.ImageInspectCommand;
import dev.hako.cli.commands.ImagePruneCommand;
import dev.hako.cli.commands.ImagesCommand;
import dev.hako.cli.commands.ImportCommand;
import dev.hako.cli.commands.InfoCommand;
import dev.hako.cli.commands.InspectCommand;
import dev.hako.cli.commands.KillCommand;
import dev.hako.cli.commands.LoadCommand;
import dev.hako.cli.commands.LoginCommand;
import dev.hako.cli.commands.LogoutCommand;
import dev.hako.cli.commands.LogsCommand;
import dev.hako.cli.commands.PsCommand;
import dev.hako.cli.commands.PullCommand;
import dev.hako.cli.commands.PushCommand;
import dev.hako.cli.commands.RestartCommand;
import dev.hako.cli.commands.RmCommand;
import dev.hako.cli.commands.RmiCommand;
import dev.hako.cli.commands.RunCommand;
import dev.hako.cli.commands.SaveCommand;
import dev.hako.cli.commands.StartCommand;
import dev.hako.cli.commands.StatsCommand;
import dev.hako.cli.commands.StopCommand;
import dev.hako.cli.commands.TagCommand;
import dev.hako.cli.commands.TopCommand;
import dev.hako.cli.commands.VersionCommand;
import dev.hako.cli.commands.WaitCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The command tree, with docker's names and aliases in one place. Picocli reflects over every
 * command it is given (5-15 ms each on a cold JVM), so only the command the line names is built in
 * full; help listings and unknown words get summaries (name, aliases and the description from the
 * class's annotation), which cost no reflection.
 */
final class CommandTree {
    /** Top-level commands, in the order `hako --help` lists them (docker's: common ones first). */
    private static final String[] TOP = {
        "run", "exec", "ps", "pull", "push", "images", "login", "logout", "version", "info",
        "container", "image",
        "cp", "create", "import", "inspect", "kill", "load", "logs", "restart", "rm", "rmi", "save", "start",
        "stats", "stop", "tag", "top", "wait"};
    /** `hako image` commands, in help order. */
    private static final String[] IMAGE = {"ls", "inspect", "pull", "push", "tag", "rm", "import", "save", "load", "prune"};
    /** `hako container` commands, in docker's help order. */
    private static final String[] CONTAINER = {
        "cp", "create", "exec", "inspect", "kill", "logs", "ls", "restart", "rm", "run", "start", "stats", "stop", "top", "wait"};
    /**
     * Commands whose arguments after the first positional one belong to the container's command
     * (`run busybox ls -l`, `exec c sh -c ...`, `top c -o pid`), not to hako.
     */
    private static final String[] PASS_THROUGH = {"run", "create", "exec", "top"};

    private CommandTree() {}

    static CommandLine build(Cli cli, String... args) {
        int first = firstCommandWord(args);
        String top = first < args.length ? args[first] : null;
        String sub = first + 1 < args.length ? args[first + 1] : null;
        boolean knownTop = top != null && indexOf(TOP, top) >= 0;

        CommandLine hako = new CommandLine(new HakoCommand(cli));
        for (String name : TOP) {
            if (knownTop && !name.equals(top)) {
                continue;
            }
            CommandLine line = switch (name) {
                case "image" -> group(new HakoCommand.ImageCommand(), IMAGE, imageCommand(sub), knownTop, cli);
                case "container" -> group(new HakoCommand.ContainerCommand(), CONTAINER, containerCommand(sub), knownTop, cli);
                default -> knownTop ? new CommandLine(create(type(name), cli)) : summary(name, type(name));
            };
            hako.addSubcommand(name, line);
        }
        decorate(hako);
        return hako;
    }

    /**
     * A management command (`image`, `container`): the named subcommand in full, or summaries of
     * all of them for its help.
     *
     * @param wanted the canonical name of the subcommand on the command line, or null
     * @param build  false when the group itself is only listed in the top-level help
     */
    private static CommandLine group(Object command, String[] names, String wanted, boolean build, Cli cli) {
        CommandLine group = new CommandLine(command);
        boolean known = wanted != null && indexOf(names, wanted) >= 0;
        if (!build) {
            return group; // hako --help lists the group's own description only
        }
        boolean isImage = names == IMAGE;
        for (String name : names) {
            if (known && !name.equals(wanted)) {
                continue;
            }
            Class<?> type = isImage ? imageType(name) : containerType(name);
            String[] aliases = isImage ? imageAliases(name) : containerAliases(name);
            CommandLine line = known ? new CommandLine(create(type, cli)) : summary(name, type);
            line.getCommandSpec().name(name);
            group.addSubcommand(name, line, aliases);
        }
        return group;
    }

    private static String imageCommand(String word) {
        return switch (word == null ? "" : word) {
            case "list" -> "ls";
            case "remove" -> "rm";
            default -> word;
        };
    }

    private static String containerCommand(String word) {
        return switch (word == null ? "" : word) {
            case "list", "ps" -> "ls";
            case "remove" -> "rm";
            default -> word;
        };
    }

    private static Class<?> imageType(String name) {
        return switch (name) {
            case "ls" -> ImagesCommand.class;
            case "rm" -> RmiCommand.class;
            case "inspect" -> ImageInspectCommand.class;
            case "prune" -> ImagePruneCommand.class;
            default -> type(name);
        };
    }

    private static String[] imageAliases(String name) {
        return switch (name) {
            case "ls" -> new String[] {"list"};
            case "rm" -> new String[] {"remove"};
            default -> new String[0];
        };
    }

    private static Class<?> containerType(String name) {
        return switch (name) {
            case "ls" -> PsCommand.class;
            case "inspect" -> ContainerInspectCommand.class;
            default -> type(name);
        };
    }

    private static String[] containerAliases(String name) {
        return switch (name) {
            case "ls" -> new String[] {"list", "ps"};
            case "rm" -> new String[] {"remove"};
            default -> new String[0];
        };
    }

    /** The class of a top-level command (also used under `image` and `container`). */
    private static Class<?> type(String name) {
        return switch (name) {
            case "version" -> VersionCommand.class;
            case "info" -> InfoCommand.class;
            case "images" -> ImagesCommand.class;
            case "pull" -> PullCommand.class;
            case "push" -> PushCommand.class;
            case "tag" -> TagCommand.class;
            case "rmi" -> RmiCommand.class;
            case "import" -> ImportCommand.class;
            case "save" -> SaveCommand.class;
            case "load" -> LoadCommand.class;
            case "login" -> LoginCommand.class;
            case "logout" -> LogoutCommand.class;
            case "run" -> RunCommand.class;
            case "create" -> CreateCommand.class;
            case "start" -> StartCommand.class;
            case "ps" -> PsCommand.class;
            case "logs" -> LogsCommand.class;
            case "exec" -> ExecCommand.class;
            case "stop" -> StopCommand.class;
            case "kill" -> KillCommand.class;
            case "restart" -> RestartCommand.class;
            case "rm" -> RmCommand.class;
            case "wait" -> WaitCommand.class;
            case "inspect" -> InspectCommand.class;
            case "stats" -> StatsCommand.class;
            case "top" -> TopCommand.class;
            case "cp" -> CpCommand.class;
            default -> throw new IllegalArgumentException("no command " + name);
        };
    }

    /** Every command class takes the Cli as its only constructor argument. */
    private static Object create(Class<?> type, Cli cli) {
        try {
            return type.getConstructor(Cli.class).newInstance(cli);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create " + type.getName(), e);
        }
    }

    /** A command as a help listing shows it: its name and its annotation's description, nothing reflected. */
    private static CommandLine summary(String name, Class<?> type) {
        Command command = type.getAnnotation(Command.class);
        CommandSpec spec = CommandSpec.create().name(name);
        spec.usageMessage().description(command.description());
        return new CommandLine(spec);
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

    /**
     * docker's help layout on every command, and -h/--help (picocli's standard mixin would also add
     * -V, which docker lacks). Where -h means something else (`run -h HOSTNAME`), --help alone.
     */
    private static void decorate(CommandLine command) {
        CommandSpec spec = command.getCommandSpec();
        String[] help = spec.findOption("-h") == null ? new String[] {"-h", "--help"} : new String[] {"--help"};
        spec.addOption(OptionSpec.builder(help).usageHelp(true).description("Print usage").build());
        spec.usageMessage()
                .synopsisHeading("%nUsage:  ")
                .abbreviateSynopsis(true)
                .descriptionHeading("%n")
                .parameterListHeading("%nArguments:%n")
                .optionListHeading("%nOptions:%n")
                .commandListHeading("%nCommands:%n");
        if (indexOf(PASS_THROUGH, spec.name()) >= 0) {
            command.setStopAtPositional(true);
        }
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
