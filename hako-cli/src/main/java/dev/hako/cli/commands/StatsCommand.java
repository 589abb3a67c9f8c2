package dev.hako.cli.commands;

import dev.hako.api.v1.ContainerStatsRequest;
import dev.hako.api.v1.ContainerSummary;
import dev.hako.api.v1.ListContainersRequest;
import dev.hako.cli.Cli;
import dev.hako.cli.format.StatsRow;
import dev.hako.cli.format.StatsTable;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * `hako stats`: one sample per container in docker's table. Without names, the running containers
 * (all with -a). Without --no-stream, the table is drawn again every second until Ctrl-C.
 */
@Command(name = "stats", description = "Display a live stream of container(s) resource usage statistics")
public final class StatsCommand implements Callable<Integer> {
    private static final String CLEAR_SCREEN = "\033[2J\033[H";
    private static final long PERIOD_MILLIS = 1000;

    private final Cli cli;

    @Option(names = {"-a", "--all"}, description = "Show all containers (default shows just running)")
    boolean all;

    @Option(names = "--no-stream", description = "Disable streaming stats and only pull the first result")
    boolean noStream;

    @Option(names = "--no-trunc", description = "Do not truncate output")
    boolean noTrunc;

    @Parameters(arity = "0..*", paramLabel = "CONTAINER", description = "Containers (default: all running)")
    List<String> containers = new ArrayList<>();

    public StatsCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() throws InterruptedException {
        boolean redraw = cli.terminal().isTerminal();
        while (true) {
            String table = StatsTable.table(sample(), noTrunc);
            if (!noStream && redraw) {
                cli.out().print(CLEAR_SCREEN);
            }
            cli.out().print(table);
            cli.out().flush();
            if (noStream) {
                return 0;
            }
            Thread.sleep(PERIOD_MILLIS);
        }
    }

    private List<StatsRow> sample() {
        boolean named = !containers.isEmpty();
        List<String> targets = named ? containers : listed();
        List<StatsRow> rows = new ArrayList<>(targets.size());
        for (String container : targets) {
            try {
                rows.add(StatsRow.of(cli.daemon().containers()
                        .stats(ContainerStatsRequest.newBuilder().setContainer(container).build())));
            } catch (StatusRuntimeException e) {
                // Listed a moment ago and removed since: not an error of this command.
                if (named || e.getStatus().getCode() != Status.Code.NOT_FOUND) {
                    throw e;
                }
            }
        }
        return rows;
    }

    private List<String> listed() {
        List<String> ids = new ArrayList<>();
        for (ContainerSummary c : cli.daemon().containers().list(ListContainersRequest.newBuilder().setAll(all).build())
                .getContainersList()) {
            ids.add(c.getId());
        }
        return ids;
    }
}
