package dev.hako.cli.commands;

import dev.hako.api.v1.TopProcess;
import dev.hako.api.v1.TopRequest;
import dev.hako.api.v1.TopResponse;
import dev.hako.cli.Cli;
import dev.hako.cli.format.TopTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** `hako top CONTAINER [ps OPTIONS]`: the daemon runs ps for the container's processes; docker's table. */
@Command(name = "top", description = "Display the running processes of a container",
        customSynopsis = "hako top CONTAINER [ps OPTIONS]")
public final class TopCommand implements Callable<Integer> {
    private final Cli cli;

    @Parameters(index = "0", paramLabel = "CONTAINER", description = "The container")
    String container;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "ps OPTIONS", description = "Options for ps (default -ef)")
    List<String> psArgs = new ArrayList<>();

    public TopCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        TopResponse top = cli.daemon().containers()
                .top(TopRequest.newBuilder().setContainer(container).addAllPsArgs(psArgs).build());
        List<List<String>> processes = new ArrayList<>(top.getProcessesCount());
        for (TopProcess p : top.getProcessesList()) {
            processes.add(p.getFieldsList());
        }
        cli.out().print(TopTable.table(top.getTitlesList(), processes));
        return 0;
    }
}
