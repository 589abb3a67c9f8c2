package dev.hako.cli.commands;

import dev.hako.api.v1.InspectContainerRequest;
import dev.hako.api.v1.InspectImageRequest;
import dev.hako.cli.Cli;
import dev.hako.cli.Failures;
import dev.hako.cli.format.JsonIndent;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.util.ArrayList;
import java.util.List;

/**
 * docker's inspect: the daemon's JSON of each object as one indented array; objects that are found
 * are printed even when others are not, whose errors follow on stderr (exit 1). Without a kind, a
 * name is looked up as a container first, then as an image.
 */
final class Inspection {
    enum Kind { CONTAINER, IMAGE, ANY }

    private Inspection() {}

    static int run(Cli cli, List<String> names, Kind kind) {
        List<String> found = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (String name : names) {
            try {
                String json = lookup(cli, name, kind);
                if (json == null) {
                    errors.add("Error: No such " + switch (kind) {
                        case CONTAINER -> "container";
                        case IMAGE -> "image";
                        case ANY -> "object";
                    } + ": " + name);
                } else {
                    found.add(json);
                }
            } catch (StatusRuntimeException e) {
                if (!Failures.isDaemonReply(e)) {
                    throw e; // no daemon: nothing else will work either
                }
                errors.add(Failures.message(e, null));
            }
        }
        cli.out().println(found.isEmpty() ? "[]" : JsonIndent.indent("[" + String.join(",", found) + "]", "    "));
        errors.forEach(cli::error);
        return errors.isEmpty() ? Failures.OK : Failures.FAILED;
    }

    /** The object's JSON, or null when the daemon has no such object of the kinds asked for. */
    private static String lookup(Cli cli, String name, Kind kind) {
        if (kind != Kind.IMAGE) {
            try {
                return cli.daemon().containers().inspect(InspectContainerRequest.newBuilder().setContainer(name).build()).getJson();
            } catch (StatusRuntimeException e) {
                if (!notFound(e)) {
                    throw e;
                }
                if (kind == Kind.CONTAINER) {
                    return null;
                }
            }
        }
        try {
            return cli.daemon().images().inspect(InspectImageRequest.newBuilder().setReference(name).build()).getJson();
        } catch (StatusRuntimeException e) {
            if (!notFound(e)) {
                throw e;
            }
            return null;
        }
    }

    private static boolean notFound(StatusRuntimeException e) {
        return e.getStatus().getCode() == Status.Code.NOT_FOUND;
    }
}
