package dev.hako.cli.commands;

import dev.hako.api.v1.InfoRequest;
import dev.hako.api.v1.InfoResponse;
import dev.hako.api.v1.RuntimeHandlerInfo;
import dev.hako.cli.Cli;
import dev.hako.cli.format.Units;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/**
 * `hako info`: containers, images, runtime handlers and where the daemon keeps things, in docker
 * info's "Key: value" style.
 */
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
        out.println(" Containers: " + info.getContainers());
        out.println("  Running: " + info.getContainersRunning());
        out.println("  Stopped: " + info.getContainersStopped());
        out.println(" Images: " + info.getImages());
        line(out, "Server Version", info.getVersion());
        line(out, "Storage Driver", info.getStorageDriver());
        line(out, "Cgroup Version", info.getCgroupVersion());
        runtimes(out, info);
        line(out, "Conmon", info.getConmon());
        line(out, "Hako Root Dir", info.getRootDir());
        line(out, "Hako State Dir", info.getStateDir());
        line(out, "Socket", info.getSocket());
        line(out, "Content Dir", info.getContentDir());
        line(out, "Snapshots Dir", info.getSnapshotsDir());
        line(out, "Database", info.getDatabase());
        out.println(" Disk Used: " + Units.humanSize(info.getDiskUsedBytes())
                + " (content: " + Units.humanSize(info.getContentBytes())
                + ", snapshots: " + Units.humanSize(info.getSnapshotBytes()) + ")");
        if (info.getResourceLimitsRestricted()) {
            // docker prints its warnings after the listing, on stderr.
            cli.error("WARNING: hakod cannot lower oom_score_adj or raise hard rlimits (no CAP_SYS_RESOURCE): they are clamped");
        }
        return 0;
    }

    /** docker's "Runtimes:" line, then each handler: where it is, its version and how it isolates. */
    private static void runtimes(PrintStream out, InfoResponse info) {
        if (info.getRuntimesCount() == 0) {
            return;
        }
        StringBuilder names = new StringBuilder(" Runtimes:");
        for (RuntimeHandlerInfo r : info.getRuntimesList()) {
            names.append(' ').append(r.getName());
        }
        out.println(names);
        line(out, "Default Runtime", info.getDefaultRuntime());
        for (RuntimeHandlerInfo r : info.getRuntimesList()) {
            StringBuilder b = new StringBuilder("  ").append(r.getName()).append(": ");
            b.append(r.getFound() ? r.getPath() : "not found" + (r.getPath().isEmpty() ? "" : " (" + r.getPath() + ")"));
            if (!r.getVersion().isEmpty()) {
                b.append(", ").append(r.getVersion());
            }
            if (!r.getIsolation().isEmpty()) {
                b.append(", isolation: ").append(r.getIsolation());
            }
            if (!r.getRoot().isEmpty()) {
                b.append(", root: ").append(r.getRoot());
            }
            out.println(b);
        }
    }

    /** Fields an older daemon leaves empty are left out rather than printed blank. */
    private static void line(PrintStream out, String key, String value) {
        if (!value.isEmpty()) {
            out.println(" " + key + ": " + value);
        }
    }
}
