package dev.hako.cli.commands;

import dev.hako.api.v1.PushProgress;
import dev.hako.api.v1.PushRequest;
import dev.hako.api.v1.PushResult;
import dev.hako.cli.Cli;
import dev.hako.cli.CliException;
import dev.hako.cli.format.ImageNames;
import dev.hako.cli.progress.LayerUpdate;
import dev.hako.cli.progress.Phases;
import dev.hako.cli.progress.ProgressView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Iterator;
import java.util.concurrent.Callable;

/** `hako push`: docker's per-layer display, then "TAG: digest: sha256:... size: N". */
@Command(name = "push", description = "Upload an image to a registry")
public final class PushCommand implements Callable<Integer> {
    private final Cli cli;

    @Option(names = {"-q", "--quiet"}, description = "Suppress verbose output")
    boolean quiet;

    @Parameters(paramLabel = "NAME[:TAG]", description = "The image to push")
    String reference;

    public PushCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        ProgressView view = quiet ? ProgressView.SILENT : cli.progressView();
        PushResult result = null;
        PushRequest request = PushRequest.newBuilder().setReference(reference).build();
        for (Iterator<PushProgress> events = cli.daemon().images().push(request); events.hasNext(); ) {
            PushProgress event = events.next();
            switch (event.getEventCase()) {
                case LAYER -> {
                    LayerUpdate update = Phases.push(event.getLayer());
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
            throw new CliException("Error: the daemon ended the push of " + reference + " without a result");
        }
        String pushed = result.getReference().isEmpty() ? reference : result.getReference();
        if (quiet) {
            cli.out().println(pushed);
        } else {
            String tag = ImageNames.tagOf(pushed);
            view.status((tag.isEmpty() ? "latest" : tag) + ": digest: " + result.getDigest() + " size: " + result.getSize());
        }
        return 0;
    }
}
