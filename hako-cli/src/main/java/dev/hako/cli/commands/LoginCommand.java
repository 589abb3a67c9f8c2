package dev.hako.cli.commands;

import dev.hako.api.v1.LoginRequest;
import dev.hako.api.v1.LoginResponse;
import dev.hako.cli.Cli;
import dev.hako.cli.CliException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/** `hako login`: docker's flags, prompts and warnings; the daemon checks and stores the credentials. */
@Command(name = "login", description = {"Authenticate to a registry.", "Defaults to docker.io if no server is specified."})
public final class LoginCommand implements Callable<Integer> {
    static final String DEFAULT_SERVER = "docker.io";

    private final Cli cli;

    @Option(names = {"-u", "--username"}, paramLabel = "string", description = "Username")
    String username = "";

    @Option(names = {"-p", "--password"}, paramLabel = "string", description = "Password or Personal Access Token (PAT)")
    String password = "";

    @Option(names = "--password-stdin", description = "Take the Password or Personal Access Token (PAT) from stdin")
    boolean passwordStdin;

    @Parameters(arity = "0..1", paramLabel = "SERVER", description = "Registry (default: docker.io)")
    String server = DEFAULT_SERVER;

    public LoginCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() throws IOException {
        if (!password.isEmpty()) {
            cli.error("WARNING! Using --password via the CLI is insecure. Use --password-stdin.");
            if (passwordStdin) {
                throw new CliException("--password and --password-stdin are mutually exclusive");
            }
        }
        if (passwordStdin) {
            if (username.isEmpty()) {
                throw new CliException("Must provide --username with --password-stdin");
            }
            password = stripLineEnd(new String(cli.in().readAllBytes(), StandardCharsets.UTF_8));
        }
        if (username.isEmpty() || password.isEmpty()) {
            promptForMissing();
        }
        LoginResponse response = cli.daemon().registries().login(LoginRequest.newBuilder()
                .setServer(server).setUsername(username).setPassword(password).build());
        cli.out().println(response.getStatus().isEmpty() ? "Login Succeeded" : response.getStatus());
        return 0;
    }

    private void promptForMissing() {
        if (!cli.terminal().isTerminal()) {
            throw new CliException("Error: Cannot perform an interactive login from a non TTY device");
        }
        if (username.isEmpty()) {
            String line = cli.terminal().readLine("Username: ");
            username = line == null ? "" : line.strip();
            if (username.isEmpty()) {
                throw new CliException("Error: Non-null Username Required");
            }
        }
        if (password.isEmpty()) {
            char[] secret = cli.terminal().readPassword("Password: ");
            password = secret == null ? "" : new String(secret);
            if (password.isEmpty()) {
                throw new CliException("Error: Password Required");
            }
        }
    }

    /** docker trims exactly one trailing "\n", then one "\r", from --password-stdin. */
    static String stripLineEnd(String s) {
        if (s.endsWith("\n")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.endsWith("\r")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }
}
