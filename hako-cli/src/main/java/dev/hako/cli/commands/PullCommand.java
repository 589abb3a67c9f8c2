package dev.hako.cli.commands;

import dev.hako.api.v1.PullProgress;
import dev.hako.api.v1.PullRequest;
import dev.hako.api.v1.PullResult;
import dev.hako.cli.Cli;
import dev.hako.cli.CliException;
import dev.hako.cli.format.ImageNames;
import dev.hako.cli.progress.LayerUpdate;
import dev.hako.cli.progress.Phases;
import dev.hako.cli.progress.ProgressView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.util.Iterator;
import java.util.concurrent.Callable;

/** `hako pull`: streams the daemon's progress into docker's display, then docker's summary lines. */
@Command(name = "pull", description = "Download an image from a registry")
public final class PullCommand implements Callable<Integer> {
    private final Cli cli;

    @Option(names = {"-q", "--quiet"}, description = "Suppress verbose output")
    boolean quiet;

    @Option(names = "--platform", paramLabel = "string", description = "Set platform if server is multi-platform capable")
    String platform = "";

    @Parameters(paramLabel = "NAME[:TAG|@DIGEST]", description = "The image to pull")
    String reference;

    public PullCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        PrintStream out = cli.out();
        if (!quiet && ImageNames.isNameOnly(reference)) {
            out.println("Using default tag: latest");
        }
        ProgressView view = quiet ? ProgressView.SILENT : cli.progressView();
        PullRequest request = PullRequest.newBuilder().setReference(reference).setPlatform(platform).build();
        PullResult result = null;
        for (Iterator<PullProgress> events = cli.daemon().images().pull(request); events.hasNext(); ) {
            PullProgress event = events.next();
            switch (event.getEventCase()) {
                case LAYER -> {
                    LayerUpdate update = Phases.pull(event.getLayer());
                    if (update != null) {
                        view.layer(update);
                    }
                }
                case STATUS -> view.status(event.getStatus());
                case RESULT -> result = event.getResult();
                case EVENT_NOT_SET -> { }
            }
        }
        if (result == null) {
            throw new CliException("Error: the daemon ended the pull of " + reference + " without a result");
        }
        if (!quiet) {
            out.println("Digest: " + result.getDigest());
            String familiar = ImageNames.familiar(result.getReference());
            out.println(result.getUpToDate()
                    ? "Status: Image is up to date for " + familiar
                    : "Status: Downloaded newer image for " + familiar);
        }
        out.println(result.getReference());
        return 0;
    }
}
