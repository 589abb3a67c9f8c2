package dev.hako.cli.commands;

import dev.hako.api.v1.LogoutRequest;
import dev.hako.api.v1.LogoutResponse;
import dev.hako.cli.Cli;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** `hako logout [SERVER]`: asks the daemon to forget the credentials. */
@Command(name = "logout", description = {"Log out from a registry.", "Defaults to docker.io if no server is specified."})
public final class LogoutCommand implements Callable<Integer> {
    private final Cli cli;

    @Parameters(arity = "0..1", paramLabel = "SERVER", description = "Registry (default: docker.io)")
    String server = LoginCommand.DEFAULT_SERVER;

    public LogoutCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        LogoutResponse response = cli.daemon().registries().logout(LogoutRequest.newBuilder().setServer(server).build());
        String name = response.getServer().isEmpty() ? server : response.getServer();
        cli.out().println(response.getRemoved() ? "Removing login credentials for " + name : "Not logged in to " + name);
        return 0;
    }
}
