package dev.hako.cli.commands;

import dev.hako.api.v1.VersionRequest;
import dev.hako.api.v1.VersionResponse;
import dev.hako.cli.Cli;
import dev.hako.cli.ClientVersion;
import dev.hako.cli.format.TabWriter;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** `hako version`: the client's facts, then the daemon's; the client part prints even if the daemon is down. */
@Command(name = "version", description = "Show the hako version information")
public final class VersionCommand implements Callable<Integer> {
    private final Cli cli;

    public VersionCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        // docker's version template goes through tabwriter.NewWriter(out, 20, 1, 1, ' ', 0).
        cli.out().print(new TabWriter(20, 1)
                .line("Client:")
                .row(" Version:", ClientVersion.version())
                .row(" API version:", ClientVersion.API_VERSION)
                .row(" Java version:", ClientVersion.javaVersion())
                .row(" OS/Arch:", ClientVersion.osArch())
                .render());
        cli.out().flush();

        VersionResponse server = cli.daemon().system().version(VersionRequest.getDefaultInstance());
        TabWriter table = new TabWriter(20, 1)
                .line("")
                .line("Server: hakod")
                .line(" Engine:")
                .row("  Version:", server.getVersion())
                .row("  API version:", server.getApiVersion())
                .row("  Java version:", server.getJavaVersion());
        if (!server.getGitCommit().isEmpty()) {
            table.row("  Git commit:", server.getGitCommit());
        }
        table.row("  OS/Arch:", server.getOs() + "/" + server.getArch());
        cli.out().print(table.render());
        return 0;
    }
}
