package dev.hako.cli.commands;

import dev.hako.api.v1.PullResult;
import dev.hako.cli.Cli;
import dev.hako.cli.container.ImagePull;
import dev.hako.cli.format.ImageNames;
import dev.hako.cli.progress.ProgressView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
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
        PullResult result = ImagePull.pull(cli, reference, platform, view);
        if (!quiet) {
            ImagePull.summary(result, out);
        }
        out.println(result.getReference());
        return 0;
    }
}
