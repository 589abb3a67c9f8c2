package dev.hako.cli.commands;

import dev.hako.api.v1.DataChunk;
import dev.hako.api.v1.SaveRequest;
import dev.hako.cli.Cli;
import dev.hako.cli.CliException;
import dev.hako.cli.transfer.AtomicFileOutput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;

/** `hako save`: the daemon's archive to a file (renamed into place when complete) or to a pipe. */
@Command(name = "save", description = "Save one or more images to a tar archive (streamed to STDOUT by default)")
public final class SaveCommand implements Callable<Integer> {
    private final Cli cli;

    @Option(names = {"-o", "--output"}, paramLabel = "string", description = "Write to a file, instead of STDOUT")
    String output;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Images to save")
    List<String> references;

    public SaveCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() throws IOException {
        SaveRequest request = SaveRequest.newBuilder().addAllReferences(references).build();
        if (output == null || output.isEmpty()) {
            if (cli.terminal().isTerminal()) {
                throw new CliException("cowardly refusing to save to a terminal. Use the -o flag or redirect");
            }
            copy(cli.daemon().images().save(request), cli.out());
            return 0;
        }
        try (AtomicFileOutput file = AtomicFileOutput.create(Path.of(output))) {
            // The call starts only after the file could be created, as docker's does.
            copy(cli.daemon().images().save(request), file);
            file.commit();
        }
        return 0;
    }

    private static void copy(Iterator<DataChunk> chunks, OutputStream out) throws IOException {
        while (chunks.hasNext()) {
            chunks.next().getData().writeTo(out);
            // PrintStream swallows write errors: stop streaming into a closed pipe.
            if (out instanceof PrintStream print && print.checkError()) {
                throw new CliException("write /dev/stdout: broken pipe");
            }
        }
        out.flush();
    }
}
