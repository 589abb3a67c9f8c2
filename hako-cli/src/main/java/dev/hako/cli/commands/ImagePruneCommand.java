package dev.hako.cli.commands;

import dev.hako.api.v1.PruneImagesRequest;
import dev.hako.api.v1.PruneImagesResponse;
import dev.hako.cli.Cli;
import dev.hako.cli.format.Units;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;

/** `hako image prune`: asks first (like docker, reading the answer from stdin), then reports what went. */
@Command(name = "prune", description = "Remove unused image data")
public final class ImagePruneCommand implements Callable<Integer> {
    static final String WARNING = """
            WARNING! This will remove all image content and snapshots that no image uses.
            Are you sure you want to continue? [y/N]\s""";

    private final Cli cli;

    @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation")
    boolean force;

    public ImagePruneCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() throws IOException {
        PrintStream out = cli.out();
        if (!force && !confirmed()) {
            return 0; // docker treats a declined prompt as a cancellation: nothing printed, status 0
        }
        PruneImagesResponse pruned = cli.daemon().images().prune(PruneImagesRequest.getDefaultInstance());
        section(out, "Deleted Content:", pruned.getDeletedBlobsList());
        section(out, "Deleted Snapshots:", pruned.getDeletedSnapshotsList());
        out.println("Total reclaimed space: " + Units.humanSize(pruned.getReclaimedBytes()));
        return 0;
    }

    private boolean confirmed() throws IOException {
        cli.out().print(WARNING);
        cli.out().flush();
        String answer = new BufferedReader(new InputStreamReader(cli.in(), StandardCharsets.UTF_8)).readLine();
        return answer != null && answer.strip().equalsIgnoreCase("y");
    }

    private static void section(PrintStream out, String title, List<String> deleted) {
        if (!deleted.isEmpty()) {
            out.println(title);
            deleted.forEach(item -> out.println("deleted: " + item));
            out.println();
        }
    }
}
