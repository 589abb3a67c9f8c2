package dev.hako.cli.commands;

import dev.hako.api.v1.ImportRequest;
import dev.hako.api.v1.ImportResponse;
import dev.hako.cli.Cli;
import dev.hako.cli.CliException;
import dev.hako.cli.transfer.ChunkedUpload;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** `hako import [--change INSTRUCTION] FILE|- REPOSITORY[:TAG]`: a rootfs tarball becomes a one-layer image; prints its ID. */
@Command(name = "import", description = "Import the contents from a tarball to create a filesystem image")
public final class ImportCommand implements Callable<Integer> {
    private final Cli cli;

    @Parameters(index = "0", paramLabel = "file|-", description = "The tarball, or - for standard input")
    String source;

    // hako keeps images by name, so unlike docker the name is required.
    @Parameters(index = "1", paramLabel = "REPOSITORY[:TAG]", description = "Name for the new image")
    String reference;

    @Option(names = {"-c", "--change"}, paramLabel = "INSTRUCTION",
            description = "Apply a Dockerfile instruction to the image (CMD, ENTRYPOINT, ENV, WORKDIR, USER, LABEL, EXPOSE, VOLUME, STOPSIGNAL)")
    java.util.List<String> changes = new java.util.ArrayList<>();

    public ImportCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() throws IOException {
        if (source.startsWith("http://") || source.startsWith("https://")) {
            throw new CliException("importing from a URL is not supported: download the file and import it");
        }
        ImportResponse response;
        try (InputStream in = source.equals("-") ? cli.in() : Files.newInputStream(Path.of(source))) {
            response = ChunkedUpload.send(cli.daemon().imagesAsync()::import_, in, (data, first) -> {
                ImportRequest.Builder request = ImportRequest.newBuilder().setData(data);
                if (first) {
                    request.setReference(reference).addAllChanges(changes);
                }
                return request.build();
            });
        }
        cli.out().println(response.getImageId());
        return 0;
    }
}
