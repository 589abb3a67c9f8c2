package dev.hako.cli;

import dev.hako.cli.CliRunner.Result;
import dev.hako.ttrpc.TtrpcChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.io.ByteArrayOutputStream;
import java.nio.channels.ServerSocketChannel;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parsing, help and exit statuses: nothing here reaches a daemon. */
class ArgumentsTest {
    private final CliRunner hako = new CliRunner().socket(Path.of("/nonexistent/hako.sock"));

    @Test
    void noCommandPrintsHelp() {
        Result r = hako.run();
        assertEquals(0, r.status(), r::toString);
        assertTrue(r.out().startsWith("\nUsage:  hako [OPTIONS] COMMAND\n"), r::toString);
        assertTrue(r.out().contains("  images     List images\n"), r::toString);
    }

    @Test
    void helpOnACommand() {
        Result r = hako.run("image", "ls", "--help");
        assertEquals(0, r.status());
        assertTrue(r.out().startsWith("\nUsage:  hako image ls [OPTIONS] [REPOSITORY[:TAG]]\n"), r::toString);
        assertTrue(r.out().contains("--digests"), r::toString);
    }

    @Test
    void versionFlag() {
        Result r = hako.run("-v");
        assertEquals(0, r.status());
        assertTrue(r.out().startsWith("hako version "), r::toString);
    }

    @Test
    void unknownFlagIsAUsageError() {
        Result r = hako.run("pull", "--bad");
        assertEquals(Failures.USAGE, r.status());
        assertEquals("Unknown option: '--bad'\nSee 'hako pull --help'.\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void missingArgumentIsAUsageError() {
        Result r = hako.run("image", "inspect");
        assertEquals(125, r.status());
        assertEquals("Missing required parameter: 'IMAGE'\nSee 'hako image inspect --help'.\n", r.err());
    }

    @Test
    void tooManyArguments() {
        Result r = hako.run("tag", "a", "b", "c");
        assertEquals(125, r.status());
        assertTrue(r.err().endsWith("See 'hako tag --help'.\n"), r::toString);
    }

    @Test
    void unknownCommand() {
        assertEquals("hako: 'frobnicate' is not a hako command.\nSee 'hako --help'.\n", hako.run("frobnicate").err());
        Result r = hako.run("image", "frobnicate");
        assertEquals(125, r.status());
        assertEquals("hako image: 'frobnicate' is not a hako image command.\nSee 'hako image --help'.\n", r.err());
    }

    @Test
    void unsupportedFormatIsAUsageError() {
        Result r = hako.run("images", "--format", "{{.ID}}");
        assertEquals(125, r.status());
        assertTrue(r.err().startsWith("unsupported --format '{{.ID}}'"), r::toString);
    }

    @Test
    void missingSocketSaysTheDaemonIsNotRunning() {
        Result r = hako.run("images");
        assertEquals(1, r.status());
        assertEquals("Cannot connect to the hako daemon at unix:///nonexistent/hako.sock. Is hakod running?\n", r.err());
    }

    @Test
    void refusedSocketSaysTheDaemonIsNotRunning(@TempDir Path dir) throws Exception {
        Path stale = dir.resolve("stale.sock");
        // What a hakod killed with -9 leaves: both socket files, nobody listening on either.
        for (Path socket : new Path[] {stale, TtrpcChannel.socketBeside(stale)}) {
            try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                server.bind(UnixDomainSocketAddress.of(socket)); // closed below: the file stays, nobody listens
            }
        }
        Result r = new CliRunner().socket(stale).run("image", "inspect", "busybox");
        assertEquals(1, r.status());
        assertEquals("Cannot connect to the hako daemon at unix://" + stale + ". Is hakod running?\n", r.err());
        assertEquals("", r.out()); // no "[]": nothing was asked
    }

    @Test
    void aHakodWithoutTheCliSocketIsNamedAsOlder(@TempDir Path dir) throws Exception {
        Path grpcOnly = dir.resolve("hako.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(grpcOnly)); // listens: a daemon that predates the CLI's socket
            Result r = new CliRunner().socket(grpcOnly).run("images");
            assertEquals(1, r.status());
            assertEquals("the hakod at unix://" + grpcOnly + " serves no socket for the CLI (" + grpcOnly
                    + ".ttrpc): it is older than this hako; restart it\n", r.err());
        }
    }

    @Test
    void socketOptionBeatsEnvironmentAndAcceptsUnixScheme() {
        Result r = new CliRunner().env(Cli.SOCKET_ENV, "/from/env.sock").run("--socket", "unix:///from/flag.sock", "images");
        assertTrue(r.err().contains("unix:///from/flag.sock"), r::toString);
        r = new CliRunner().env(Cli.SOCKET_ENV, "/from/env.sock").run("images");
        assertTrue(r.err().contains("unix:///from/env.sock"), r::toString);
        r = new CliRunner().run("images");
        assertTrue(r.err().contains("unix:///run/hako/hako.sock"), r::toString);
    }

    @Test
    void versionPrintsTheClientEvenWithoutADaemon() {
        Result r = hako.run("version");
        assertEquals(1, r.status());
        assertTrue(r.out().startsWith("Client:\n Version:           "), r::toString);
        assertTrue(r.out().contains("\n API version:       v1\n"), r::toString);
        assertTrue(r.out().contains("\n OS/Arch:           linux/"), r::toString);
        assertEquals("Cannot connect to the hako daemon at unix:///nonexistent/hako.sock. Is hakod running?\n", r.err());
    }

    @Test
    void commandWordIsFoundAfterGlobalOptions() {
        assertEquals(0, CommandTree.firstCommandWord(new String[] {"images"}));
        assertEquals(2, CommandTree.firstCommandWord(new String[] {"--socket", "/s", "images"}));
        assertEquals(1, CommandTree.firstCommandWord(new String[] {"--socket=/s", "images"}));
        assertEquals(1, CommandTree.firstCommandWord(new String[] {"--help"}));
        assertEquals(0, CommandTree.firstCommandWord(new String[] {}));
    }

    @Test
    void onlyTheNamedCommandIsBuiltAndHelpListsSummaries() {
        Cli cli = new Cli(new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()), Map.of(), FakeTerminal.pipe(), null);
        CommandLine partial = CommandTree.build(cli, "image", "list");
        assertEquals(1, partial.getSubcommands().size());
        assertEquals(2, partial.getSubcommands().get("image").getSubcommands().size()); // ls and its alias
        assertEquals(CommandTree.build(cli, "image", "ls").getSubcommands().get("image").getSubcommands().get("ls").getUsageMessage(),
                partial.getSubcommands().get("image").getSubcommands().get("list").getUsageMessage());
        CommandLine containers = CommandTree.build(cli, "container", "ps").getSubcommands().get("container");
        assertEquals(3, containers.getSubcommands().size()); // ls, list, ps
        assertTrue(containers.getSubcommands().get("ps").getUsageMessage().contains("hako container ls [OPTIONS]"));
        // The help listing shows each command's own description, without building it.
        CommandLine whole = CommandTree.build(cli);
        for (String name : new String[] {"pull", "run", "ps", "cp", "image", "container"}) {
            CommandLine built = CommandTree.build(cli, name);
            assertEquals(built.getSubcommands().get(name).getCommandSpec().usageMessage().description()[0],
                    whole.getSubcommands().get(name).getCommandSpec().usageMessage().description()[0], name);
        }
        assertEquals(29, whole.getSubcommands().size());
        assertTrue(whole.getSubcommands().get("run").getCommandSpec().options().size() <= 1); // a summary: --help only
    }

    @Test
    void managementCommandHelpListsTheirCommands() {
        Result r = hako.run("container", "--help");
        assertEquals(0, r.status());
        assertTrue(r.out().startsWith("\nUsage:  hako container COMMAND\n"), r::toString);
        assertTrue(r.out().contains("  ls, list, ps  List containers\n"), r::toString);
        assertTrue(r.out().contains("  rm, remove    Remove one or more containers\n"), r::toString);
        r = hako.run("image");
        assertTrue(r.out().contains("  ls, list    List images\n"), r::toString);
        r = hako.run("container", "frobnicate");
        assertEquals(125, r.status());
        assertEquals("hako container: 'frobnicate' is not a hako container command.\nSee 'hako container --help'.\n", r.err());
    }

    @Test
    void runHelpKeepsMinusHForTheHostname() {
        Result r = hako.run("run", "--help");
        assertEquals(0, r.status());
        assertTrue(r.out().startsWith("\nUsage:  hako run [OPTIONS] IMAGE [COMMAND] [ARG...]\n"), r::toString);
        assertTrue(r.out().contains("  -h, --hostname=string"), r::toString);
        assertTrue(r.out().contains("      --help "), r::toString);
    }
}
