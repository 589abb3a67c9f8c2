package dev.hako.cli.commands;

import dev.hako.api.v1.ExecInput;
import dev.hako.api.v1.ExecOutput;
import dev.hako.api.v1.ExecStart;
import dev.hako.api.v1.TerminalSize;
import dev.hako.cli.Cli;
import dev.hako.cli.CliException;
import dev.hako.cli.Failures;
import dev.hako.cli.container.EnvFile;
import dev.hako.cli.stdio.ExecProtocol;
import dev.hako.cli.stdio.Interaction;
import dev.hako.cli.stdio.StdioSession;
import dev.hako.cli.tty.TtySize;
import io.grpc.StatusRuntimeException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * `hako exec`: one Exec stream (start, then stdin, resizes, close_stdin); exits with the process's
 * code. With -d it returns once the daemon says the process runs, and leaves it running.
 */
@Command(name = "exec", description = "Execute a command in a running container",
        customSynopsis = "hako exec [OPTIONS] CONTAINER COMMAND [ARG...]")
public final class ExecCommand implements Callable<Integer> {
    /** How long `exec -d` waits for the daemon's word that the process started. */
    private static final long DETACH_TIMEOUT_MILLIS = 30_000;

    private final Cli cli;

    @Spec
    CommandSpec spec;

    @Option(names = {"-d", "--detach"}, description = "Detached mode: run command in the background")
    boolean detach;

    @Option(names = {"-i", "--interactive"}, description = "Keep STDIN open even if not attached")
    boolean interactive;

    @Option(names = {"-t", "--tty"}, description = "Allocate a pseudo-TTY")
    boolean tty;

    @Option(names = {"-u", "--user"}, paramLabel = "string", description = "Username or UID (format: \"<name|uid>[:<group|gid>]\")")
    String user = "";

    @Option(names = {"-e", "--env"}, paramLabel = "list", description = "Set environment variables")
    List<String> env = new ArrayList<>();

    @Option(names = {"-w", "--workdir"}, paramLabel = "string", description = "Working directory inside the container")
    String workdir = "";

    @Option(names = "--privileged", description = "Give extended privileges to the command")
    boolean privileged;

    @Parameters(index = "0", paramLabel = "CONTAINER", description = "The running container")
    String container;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "COMMAND", description = "The command and its arguments")
    List<String> command;

    public ExecCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        ExecStart.Builder start = ExecStart.newBuilder()
                .setContainer(container)
                .addAllCmd(command)
                .setUser(user)
                .setWorkingDir(workdir)
                .setTty(tty)
                .setStdin(interactive && !detach)
                .setPrivileged(privileged)
                .setDetach(detach);
        try {
            for (String value : env) {
                start.addEnv(EnvFile.flag(value, cli::getenv));
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        boolean raw = !detach && interactive && tty;
        if (raw && !cli.terminal().tty().stdinIsTerminal()) {
            throw new CliException("the input device is not a TTY");
        }
        if (tty && !detach) {
            TtySize size = cli.terminal().tty().size();
            if (size != null) {
                start.setSize(TerminalSize.newBuilder().setRows(size.rows()).setCols(size.cols()));
            }
        }
        try {
            return exec(start.build(), raw);
        } catch (StatusRuntimeException e) {
            if (!Failures.isDaemonReply(e)) {
                throw e;
            }
            cli.error(Failures.message(e, null));
            return Failures.execExitCode(e);
        }
    }

    private int exec(ExecStart start, boolean raw) throws IOException, InterruptedException {
        StdioSession<ExecInput, ExecOutput> session = StdioSession.open(ExecProtocol.INSTANCE,
                cli.daemon().containersAsync()::exec, ExecProtocol.start(start));
        try (Interaction io = new Interaction(cli, session)) {
            if (detach) {
                // The daemon answers that the process runs, then ends the call; the process keeps running.
                if (!io.awaitReady(DETACH_TIMEOUT_MILLIS)) {
                    throw new CliException("Error: the daemon did not confirm that the command started in " + container);
                }
                return 0;
            }
            if (raw) {
                io.rawTerminal();
            }
            if (tty) {
                io.forwardWindowSize();
            }
            if (interactive) {
                io.pumpStdin();
            }
            Integer code = io.copyOutput();
            if (code == null) {
                throw new CliException("Error: the daemon ended the exec in " + container + " without an exit code");
            }
            return code;
        }
    }
}
