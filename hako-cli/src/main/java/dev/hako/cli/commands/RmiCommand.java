package dev.hako.cli.commands;

import dev.hako.api.v1.RemoveImageRequest;
import dev.hako.api.v1.RemoveImageResponse;
import dev.hako.cli.Cli;
import dev.hako.cli.Failures;
import dev.hako.cli.format.ImageNames;
import io.grpc.StatusRuntimeException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/** `hako rmi`: one daemon call per image; a failure is reported and the next image still goes. */
@Command(name = "rmi", description = "Remove one or more images")
public final class RmiCommand implements Callable<Integer> {
    private final Cli cli;

    @Option(names = {"-f", "--force"}, description = "Force removal of the image")
    boolean force;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Images to remove")
    List<String> references;

    public RmiCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        int exit = Failures.OK;
        for (String reference : references) {
            RemoveImageResponse removed;
            try {
                removed = cli.daemon().images().remove(
                        RemoveImageRequest.newBuilder().setReference(reference).setForce(force).build());
            } catch (StatusRuntimeException e) {
                if (!Failures.isDaemonReply(e)) {
                    throw e;
                }
                cli.error(Failures.message(e, null));
                exit = Math.max(exit, Failures.exitCode(e));
                continue;
            }
            removed.getUntaggedList().forEach(name -> cli.out().println("Untagged: " + ImageNames.familiar(name)));
            removed.getDeletedList().forEach(id -> cli.out().println("Deleted: " + id));
        }
        return exit;
    }
}
