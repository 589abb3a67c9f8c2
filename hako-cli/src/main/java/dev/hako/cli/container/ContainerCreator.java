package dev.hako.cli.container;

import dev.hako.api.v1.ContainerConfig;
import dev.hako.api.v1.CreateContainerRequest;
import dev.hako.api.v1.CreateContainerResponse;
import dev.hako.cli.Cli;
import dev.hako.cli.Failures;
import dev.hako.cli.format.ImageNames;
import dev.hako.cli.progress.ProgressView;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.io.PrintStream;

/**
 * Create with docker's --pull behaviour: `missing` pulls when Create answers NOT_FOUND (the
 * daemon's code for a missing image; other missing things are INVALID_ARGUMENT) and creates again,
 * `always` pulls first, `never` lets the error stand. Pull progress and warnings go to stderr:
 * stdout carries nothing but the container's id or output.
 */
public final class ContainerCreator {
    private ContainerCreator() {}

    /** @return the new container's id */
    public static String create(Cli cli, ContainerConfig config, PullPolicy policy, boolean quiet) {
        if (policy == PullPolicy.ALWAYS) {
            pull(cli, config.getImage(), quiet);
        }
        CreateContainerRequest request = CreateContainerRequest.newBuilder().setConfig(config).build();
        CreateContainerResponse response;
        try {
            response = cli.daemon().containers().create(request);
        } catch (StatusRuntimeException e) {
            if (policy != PullPolicy.MISSING || e.getStatus().getCode() != Status.Code.NOT_FOUND || !Failures.isDaemonReply(e)) {
                throw e;
            }
            if (!quiet) {
                cli.error("Unable to find image '" + taggedFamiliar(config.getImage()) + "' locally");
            }
            pull(cli, config.getImage(), quiet);
            response = cli.daemon().containers().create(request);
        }
        for (String warning : response.getWarningsList()) {
            cli.error("WARNING: " + warning);
        }
        return response.getId();
    }

    private static void pull(Cli cli, String image, boolean quiet) {
        PrintStream err = cli.err();
        cli.out().flush();
        ProgressView view = quiet ? ProgressView.SILENT : cli.progressView(err);
        var result = ImagePull.pull(cli, image, "", view);
        if (!quiet) {
            ImagePull.summary(result, err);
        }
        err.flush();
    }

    /** docker names the image with its default tag: busybox → busybox:latest. */
    static String taggedFamiliar(String image) {
        String familiar = ImageNames.familiar(image);
        return ImageNames.isNameOnly(familiar) ? familiar + ":latest" : familiar;
    }
}
