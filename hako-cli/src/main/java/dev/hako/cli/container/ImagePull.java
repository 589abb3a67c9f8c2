package dev.hako.cli.container;

import dev.hako.api.v1.PullProgress;
import dev.hako.api.v1.PullRequest;
import dev.hako.api.v1.PullResult;
import dev.hako.cli.Cli;
import dev.hako.cli.CliException;
import dev.hako.cli.format.ImageNames;
import dev.hako.cli.progress.LayerUpdate;
import dev.hako.cli.progress.Phases;
import dev.hako.cli.progress.ProgressView;

import java.io.PrintStream;
import java.util.Iterator;

/** A pull streamed into a progress view: `hako pull` draws it on stdout, `run` and `create` on stderr. */
public final class ImagePull {
    private ImagePull() {}

    public static PullResult pull(Cli cli, String reference, String platform, ProgressView view) {
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
        return result;
    }

    /** docker's closing lines of a pull: the digest and whether anything new came. */
    public static void summary(PullResult result, PrintStream out) {
        out.println("Digest: " + result.getDigest());
        String familiar = ImageNames.familiar(result.getReference());
        out.println(result.getUpToDate()
                ? "Status: Image is up to date for " + familiar
                : "Status: Downloaded newer image for " + familiar);
    }
}
