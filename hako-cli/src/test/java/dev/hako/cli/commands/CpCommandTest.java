package dev.hako.cli.commands;

import dev.hako.api.v1.CopyFromRequest;
import dev.hako.cli.CliRunner;
import dev.hako.cli.CliRunner.Result;
import dev.hako.cli.FakeContainers;
import dev.hako.cli.FakeDaemon;
import dev.hako.cli.transfer.TestTars;
import dev.hako.tar.TarEntry;
import dev.hako.tar.TarReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpCommandTest {
    @TempDir
    Path tmp;
    private final FakeContainers containers = new FakeContainers();
    private FakeDaemon daemon;
    private CliRunner hako;
    private Path local;

    @BeforeEach
    void start() throws Exception {
        daemon = FakeDaemon.start(tmp, containers);
        hako = new CliRunner().socket(daemon.socket());
        local = Files.createDirectory(tmp.resolve("local"));
        containers.archives.put("/etc/hostname", new TestTars().file("hostname", "box\n").bytes());
        containers.archives.put("/srv/app", new TestTars().dir("app").file("app/a", "A").dir("app/sub").file("app/sub/b", "B").bytes());
        containers.archives.put("/dest", new TestTars().dir("dest").bytes());
        containers.archives.put("/file", new TestTars().file("file", "old").bytes());
    }

    @AfterEach
    void stop() {
        daemon.close();
    }

    private static List<String> names(byte[] tar) throws IOException {
        List<String> names = new ArrayList<>();
        TarReader reader = new TarReader(new ByteArrayInputStream(tar));
        for (TarEntry e = reader.next(); e != null; e = reader.next()) {
            names.add(e.name()); // directories end in "/", as written
        }
        return names;
    }

    @Test
    void aFileToANewName() throws IOException {
        Result r = hako.run("cp", "web:/etc/hostname", local.resolve("h").toString());
        assertEquals(0, r.status(), r::toString);
        assertEquals("box\n", Files.readString(local.resolve("h")));
        assertEquals("", r.out());
    }

    @Test
    void aFileIntoADirectory() throws IOException {
        assertEquals(0, hako.run("cp", "web:/etc/hostname", local.toString()).status());
        assertEquals("box\n", Files.readString(local.resolve("hostname")));
    }

    @Test
    void aDirectoryIntoADirectoryOrToANewName() throws IOException {
        assertEquals(0, hako.run("cp", "web:/srv/app", local.toString()).status());
        assertEquals("B", Files.readString(local.resolve("app/sub/b")));
        assertEquals(0, hako.run("cp", "web:/srv/app", local.resolve("copy").toString()).status());
        assertEquals("A", Files.readString(local.resolve("copy/a")));
    }

    @Test
    void theContentsOfADirectory() throws IOException {
        Files.createDirectory(local.resolve("into"));
        assertEquals(0, hako.run("cp", "web:/srv/app/.", local.resolve("into").toString()).status());
        assertEquals("A", Files.readString(local.resolve("into/a")));
        assertEquals("/srv/app", ((CopyFromRequest) containers.requests.getLast()).getPath());
    }

    @Test
    void aTarOnStdout() {
        Result r = hako.run("cp", "web:/srv/app", "-");
        assertEquals(0, r.status());
        assertArrayEquals(containers.archives.get("/srv/app"), r.stdout());
    }

    @Test
    void aHostileArchiveIsRefusedAndNothingLandsOutside() throws IOException {
        Path outside = Files.createDirectory(tmp.resolve("outside"));
        containers.archives.put("/evil", new TestTars().dir("evil").symlink("evil/link", outside.toString())
                .file("evil/link/pwned", "x").bytes());
        Result r = hako.run("cp", "web:/evil", local.toString());
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("Error: refusing to write \"evil/link/pwned\" through the symbolic link"), r::toString);
        containers.archives.put("/evil", new TestTars().dir("evil").file("evil/../../outside/pwned", "x").bytes());
        r = hako.run("cp", "web:/evil", local.toString());
        assertEquals(1, r.status());
        assertEquals("Error: refusing to extract \"evil/../../outside/pwned\": it contains \"..\"\n", r.err());
        try (Stream<Path> files = Files.list(outside)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void aMissingParentIsRefusedBeforeAsking() {
        Result r = hako.run("cp", "web:/etc/hostname", local.resolve("no/such/h").toString());
        assertEquals(1, r.status());
        assertEquals("invalid output path: directory \"" + local.resolve("no/such") + "\" does not exist\n", r.err());
        assertEquals(List.of(), containers.requests);
    }

    @Test
    void aLocalTreeIntoAContainerDirectory() throws IOException {
        Path src = Files.createDirectory(local.resolve("site"));
        Files.writeString(src.resolve("index.html"), "<h1>hi</h1>");
        Result r = hako.run("cp", src.toString(), "web:/dest");
        assertEquals(0, r.status(), r::toString);
        assertEquals(List.of("copyTo web:/dest"), containers.events);
        assertEquals(List.of("site/", "site/index.html"), names(containers.copiedTo.toByteArray()));
    }

    @Test
    void aLocalFileToANewNameOrOverAFile() throws IOException {
        Path src = Files.writeString(local.resolve("conf"), "x=1");
        assertEquals(0, hako.run("cp", src.toString(), "web:/etc/new.conf").status());
        assertEquals(List.of("copyTo web:/etc"), containers.events);
        assertEquals(List.of("new.conf"), names(containers.copiedTo.toByteArray()));
        containers.events.clear();
        containers.copiedTo.reset();
        assertEquals(0, hako.run("cp", src.toString(), "web:/file").status());
        assertEquals(List.of("copyTo web:/"), containers.events);
        assertEquals(List.of("file"), names(containers.copiedTo.toByteArray()));
    }

    @Test
    void aLocalDirectoryCannotReplaceAFile() {
        Result r = hako.run("cp", local.toString(), "web:/file");
        assertEquals(1, r.status());
        assertEquals("cannot copy directory\n", r.err());
    }

    @Test
    void aTarFromStdinNeedsADirectory() {
        byte[] tar = new TestTars().file("x", "X").bytes();
        Result r = hako.stdin(tar).run("cp", "-", "web:/dest");
        assertEquals(0, r.status(), r::toString);
        assertArrayEquals(tar, containers.copiedTo.toByteArray());
        r = hako.stdin(tar).run("cp", "-", "web:/file");
        assertEquals(1, r.status());
        assertEquals("destination \"web:/file\" must be a directory\n", r.err());
    }

    @Test
    void oneSideMustBeAContainer() {
        assertEquals("must specify at least one container source\n", hako.run("cp", "a", "./b:c").err());
        assertEquals("copying between containers is not supported\n", hako.run("cp", "a:/x", "b:/y").err());
        assertEquals("lstat /no/such: no such file or directory\n", hako.run("cp", "/no/such", "web:/dest").err());
    }
}
