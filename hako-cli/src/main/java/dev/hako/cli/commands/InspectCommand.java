package dev.hako.cli.commands;

import dev.hako.cli.Cli;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

/** `hako inspect`: containers and images alike, docker's generic inspect. */
@Command(name = "inspect", description = "Return low-level information on hako objects")
public final class InspectCommand implements Callable<Integer> {
    private final Cli cli;

    @Spec
    CommandSpec spec;

    @Option(names = "--type", paramLabel = "string", description = "Only inspect objects of the given type (container, image)")
    String type = "";

    @Parameters(arity = "1..*", paramLabel = "NAME|ID", description = "Containers or images to inspect")
    List<String> names;

    public InspectCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        Inspection.Kind kind = switch (type) {
            case "" -> Inspection.Kind.ANY;
            case "container" -> Inspection.Kind.CONTAINER;
            case "image" -> Inspection.Kind.IMAGE;
            default -> throw new ParameterException(spec.commandLine(), "\"" + type + "\" is not a valid value for --type");
        };
        return Inspection.run(cli, names, kind);
    }
}
