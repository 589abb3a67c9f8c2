package dev.hako.cli.commands;

import dev.hako.api.v1.InspectImageRequest;
import dev.hako.cli.Cli;
import dev.hako.cli.Failures;
import dev.hako.cli.format.JsonIndent;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * `hako image inspect`: the daemon's JSON for each image, as one docker-indented array. Images that
 * are found are printed even when others are not; the errors follow on stderr.
 */
@Command(name = "inspect", description = "Display detailed information on one or more images")
public final class ImageInspectCommand implements Callable<Integer> {
    private final Cli cli;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Images to inspect")
    List<String> references;

    public ImageInspectCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        List<String> found = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        int exit = Failures.OK;
        for (String reference : references) {
            try {
                found.add(cli.daemon().images()
                        .inspect(InspectImageRequest.newBuilder().setReference(reference).build())
                        .getJson());
            } catch (StatusRuntimeException e) {
                if (!Failures.isDaemonReply(e)) {
                    throw e; // no daemon: nothing else will work either
                }
                errors.add(e.getStatus().getCode() == Status.Code.NOT_FOUND
                        ? "Error: No such image: " + reference
                        : Failures.message(e, null));
                exit = Math.max(exit, Failures.exitCode(e));
            }
        }
        cli.out().println(found.isEmpty() ? "[]" : JsonIndent.indent("[" + String.join(",", found) + "]", "    "));
        errors.forEach(cli::error);
        return exit;
    }
}
