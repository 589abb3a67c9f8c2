package dev.hako.cli.commands;

import dev.hako.api.v1.DataChunk;
import dev.hako.api.v1.LoadResponse;
import dev.hako.cli.Cli;
import dev.hako.cli.CliException;
import dev.hako.cli.format.ImageNames;
import dev.hako.cli.transfer.ChunkedUpload;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** `hako load`: an OCI or `docker save` archive from a file or stdin; prints what it loaded. */
@Command(name = "load", description = "Load an image from a tar archive or STDIN")
public final class LoadCommand implements Callable<Integer> {
    private final Cli cli;

    @Option(names = {"-i", "--input"}, paramLabel = "string", description = "Read from tar archive file, instead of STDIN")
    String input;

    public LoadCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() throws IOException {
        boolean stdin = input == null || input.isEmpty();
        if (stdin && cli.terminal().isTerminal()) {
            throw new CliException("requested load from stdin, but stdin is empty");
        }
        LoadResponse response;
        try (InputStream in = stdin ? cli.in() : Files.newInputStream(Path.of(input))) {
            response = ChunkedUpload.send(cli.daemon().imagesAsync()::load, in,
                    (data, first) -> DataChunk.newBuilder().setData(data).build());
        }
        for (String loaded : response.getLoadedList()) {
            cli.out().println(loaded.startsWith("sha256:")
                    ? "Loaded image ID: " + loaded
                    : "Loaded image: " + ImageNames.familiar(loaded));
        }
        return 0;
    }
}
