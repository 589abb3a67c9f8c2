package dev.hako.cli.commands;

import dev.hako.api.v1.InfoRequest;
import dev.hako.api.v1.InfoResponse;
import dev.hako.cli.Cli;
import dev.hako.cli.format.Units;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/** `hako info`: where the daemon keeps things and how much it holds, in docker info's "Key: value" style. */
@Command(name = "info", description = "Display system-wide information")
public final class InfoCommand implements Callable<Integer> {
    private final Cli cli;

    public InfoCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        InfoResponse info = cli.daemon().system().info(InfoRequest.getDefaultInstance());
        PrintStream out = cli.out();
        out.println("Server:");
        out.println(" Images: " + info.getImages());
        line(out, "Server Version", info.getVersion());
        line(out, "Storage Driver", info.getStorageDriver());
        line(out, "Hako Root Dir", info.getRootDir());
        line(out, "Hako State Dir", info.getStateDir());
        line(out, "Socket", info.getSocket());
        line(out, "Content Dir", info.getContentDir());
        line(out, "Snapshots Dir", info.getSnapshotsDir());
        line(out, "Database", info.getDatabase());
        out.println(" Disk Used: " + Units.humanSize(info.getDiskUsedBytes())
                + " (content: " + Units.humanSize(info.getContentBytes())
                + ", snapshots: " + Units.humanSize(info.getSnapshotBytes()) + ")");
        return 0;
    }

    /** Fields an older daemon leaves empty are left out rather than printed blank. */
    private static void line(PrintStream out, String key, String value) {
        if (!value.isEmpty()) {
            out.println(" " + key + ": " + value);
        }
    }
}
