package dev.hako.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutablesTest {
    @TempDir
    Path dir;

    @Test
    void searchesPathInOrderAndSkipsFilesThatAreNotExecutable() throws Exception {
        Path first = Files.createDirectories(dir.resolve("first"));
        Path second = Files.createDirectories(dir.resolve("second"));
        Files.writeString(first.resolve("tool"), "not executable");
        Path tool = Files.writeString(second.resolve("tool"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(first.resolve("dir-tool"));
        String path = first + "::" + second;
        assertEquals(Optional.of(tool), Executables.find("tool", path));
        assertEquals(Optional.empty(), Executables.find("dir-tool", path));
        assertEquals(Optional.empty(), Executables.find("absent", path));
        assertEquals(Optional.of(tool), Executables.find(tool.toString(), ""));
        assertEquals(Optional.empty(), Executables.find(first.resolve("tool").toString(), path));
        assertEquals(Optional.empty(), Executables.find("", path));
    }
}
