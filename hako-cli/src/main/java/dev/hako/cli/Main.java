package dev.hako.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Entry point of the `hako` command. Keep static initialisation out of here: every run is a cold JVM. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int status;
        try (Cli cli = Cli.system()) {
            status = runConnectingEarly(cli, args);
        }
        // Exit now: nothing left is worth waiting for (the calls' reading threads are daemons).
        System.exit(status);
    }

    /** {@link #run}, with the connection to hakod opened while the command line is parsed. */
    static int runConnectingEarly(Cli cli, String... args) {
        if (EarlyConnect.worthIt(args)) {
            cli.socketOption(EarlyConnect.socketOption(args));
            cli.daemon().connectInBackground();
        }
        return run(cli, args);
    }

    /** Runs one command line against {@code cli} and returns the exit status; used by tests as is. */
    public static int run(Cli cli, String... args) {
        CommandLine hako = CommandTree.build(cli, args);
        hako.setOut(new PrintWriter(new OutputStreamWriter(cli.out(), StandardCharsets.UTF_8), true));
        hako.setErr(new PrintWriter(new OutputStreamWriter(cli.err(), StandardCharsets.UTF_8), true));
        hako.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        Handlers handlers = new Handlers(cli);
        hako.setParameterExceptionHandler(handlers);
        hako.setExecutionExceptionHandler(handlers);
        return hako.execute(args);
    }

    /** A class rather than lambdas: the first lambda of a cold JVM costs milliseconds to bootstrap. */
    private record Handlers(Cli cli) implements IParameterExceptionHandler, IExecutionExceptionHandler {
        @Override
        public int handleParseException(ParameterException e, String[] args) {
            return usageError(e, cli);
        }

        @Override
        public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
            return Failures.report(e, cli);
        }
    }

    /** Picocli's message, then docker's pointer to the command's help; status 125 as docker's own errors. */
    private static int usageError(ParameterException e, Cli cli) {
        CommandLine command = e.getCommandLine();
        String name = command.getCommandSpec().qualifiedName();
        String message = e.getMessage();
        // Picocli checks required arguments before unknown options; docker names the unknown flag.
        List<String> unknown = command.getParseResult() == null ? List.of() : command.getParseResult().unmatched();
        if (!(e instanceof UnmatchedArgumentException) && !unknown.isEmpty() && unknown.getFirst().startsWith("-")) {
            message = "Unknown option: '" + unknown.getFirst() + "'";
        }
        if (e instanceof UnmatchedArgumentException unmatched && !command.getSubcommands().isEmpty()) {
            List<String> words = unmatched.getUnmatched();
            if (!words.isEmpty() && !words.getFirst().startsWith("-")) {
                message = name + ": '" + words.getFirst() + "' is not a " + name + " command.";
            }
        }
        cli.error(message);
        cli.error("See '" + name + " --help'.");
        return Failures.USAGE;
    }
}
