package dev.hako.cli.commands;

import dev.hako.api.v1.ImageSummary;
import dev.hako.api.v1.ListImagesRequest;
import dev.hako.cli.Cli;
import dev.hako.cli.format.ImageJsonLines;
import dev.hako.cli.format.ImageNames;
import dev.hako.cli.format.ImageRow;
import dev.hako.cli.format.ImageRows;
import dev.hako.cli.format.ImageTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/** `hako images` / `hako image ls`: docker's table, -q, or one JSON object per line. */
@Command(name = "images", description = "List images")
public final class ImagesCommand implements Callable<Integer> {
    private final Cli cli;

    @Spec
    CommandSpec spec;

    @Option(names = {"-q", "--quiet"}, description = "Only show image IDs")
    boolean quiet;

    @Option(names = "--digests", description = "Show digests")
    boolean digests;

    @Option(names = "--no-trunc", description = "Don't truncate output")
    boolean noTrunc;

    @Option(names = "--format", paramLabel = "string", description = "'table' (default) or 'json': one JSON object per line")
    String format = "table";

    @Parameters(arity = "0..1", paramLabel = "REPOSITORY[:TAG]", description = "Only images of this repository (and tag)")
    String filter;

    public ImagesCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        if (!format.equals("table") && !format.equals("json")) {
            throw new ParameterException(spec.commandLine(),
                    "unsupported --format '" + format + "': hako prints 'table' or 'json'");
        }
        List<ImageSummary> images = cli.daemon().images().list(ListImagesRequest.getDefaultInstance()).getImagesList();
        List<ImageRow> rows = ImageRows.of(images, digests);
        if (filter != null) {
            rows = rows.stream().filter(this::matches).toList();
        }
        Instant now = cli.clock().instant();
        if (quiet) {
            cli.out().print(ImageTable.quiet(rows, noTrunc));
        } else if (format.equals("json")) {
            cli.out().print(ImageJsonLines.render(rows, noTrunc, now, cli.clock().getZone()));
        } else {
            cli.out().print(ImageTable.table(rows, digests, noTrunc, now));
        }
        return 0;
    }

    /** docker's REPOSITORY[:TAG] argument: the whole repository, or one tag of it. */
    private boolean matches(ImageRow row) {
        String wanted = ImageNames.familiar(filter);
        String tag = ImageNames.tagOf(wanted);
        String repository = tag.isEmpty() ? wanted : wanted.substring(0, wanted.length() - tag.length() - 1);
        return row.repository().equals(repository) && (tag.isEmpty() || row.tag().equals(tag));
    }
}
