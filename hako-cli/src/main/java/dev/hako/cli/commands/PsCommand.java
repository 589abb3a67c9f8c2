package dev.hako.cli.commands;

import dev.hako.api.v1.ContainerSummary;
import dev.hako.api.v1.ListContainersRequest;
import dev.hako.cli.Cli;
import dev.hako.cli.format.ContainerJsonLines;
import dev.hako.cli.format.ContainerRow;
import dev.hako.cli.format.ContainerTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** `hako ps` / `hako container ls`: docker's table, -q, or one JSON object per line; newest first. */
@Command(name = "ps", description = "List containers")
public final class PsCommand implements Callable<Integer> {
    private final Cli cli;

    @Spec
    CommandSpec spec;

    @Option(names = {"-a", "--all"}, description = "Show all containers (default shows just running)")
    boolean all;

    @Option(names = {"-q", "--quiet"}, description = "Only display container IDs")
    boolean quiet;

    @Option(names = "--no-trunc", description = "Don't truncate output")
    boolean noTrunc;

    @Option(names = "--format", paramLabel = "string", description = "'table' (default) or 'json': one JSON object per line")
    String format = "table";

    public PsCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        if (!format.equals("table") && !format.equals("json")) {
            throw new ParameterException(spec.commandLine(),
                    "unsupported --format '" + format + "': hako prints 'table' or 'json'");
        }
        List<ContainerSummary> containers = cli.daemon().containers()
                .list(ListContainersRequest.newBuilder().setAll(all).build()).getContainersList();
        List<ContainerRow> rows = new ArrayList<>(containers.size());
        for (ContainerSummary c : containers) {
            rows.add(ContainerRow.of(c));
        }
        // docker lists the newest first; a stable sort keeps the daemon's order among equals.
        rows.sort((a, b) -> Long.compare(b.createdUnix(), a.createdUnix()));
        if (quiet) {
            cli.out().print(ContainerTable.quiet(rows, noTrunc));
        } else if (format.equals("json")) {
            cli.out().print(ContainerJsonLines.render(rows, noTrunc, cli.clock().instant(), cli.clock().getZone()));
        } else {
            cli.out().print(ContainerTable.table(rows, noTrunc, cli.clock().instant()));
        }
        return 0;
    }
}
