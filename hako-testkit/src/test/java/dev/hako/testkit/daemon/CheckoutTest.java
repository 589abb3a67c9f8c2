package dev.hako.testkit.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckoutTest {
    private static final FileTime BUILT = FileTime.from(Instant.parse("2026-01-02T00:00:00Z"));
    private static final FileTime BEFORE = FileTime.from(Instant.parse("2026-01-01T00:00:00Z"));
    private static final FileTime AFTER = FileTime.from(Instant.parse("2026-01-03T00:00:00Z"));

    @Test
    void aBuildNewerThanEverySourceIsFresh(@TempDir Path checkout) throws Exception {
        layOut(checkout);
        assertEquals(Optional.empty(), Checkout.newerSource(checkout, BUILT));
    }

    @Test
    void aMainSourceOrPomChangedAfterTheBuildIsNamed(@TempDir Path checkout) throws Exception {
        layOut(checkout);
        Path source = checkout.resolve("hakod/src/main/java/dev/hako/Daemon.java");
        Files.setLastModifiedTime(source, AFTER);
        assertEquals(Optional.of(source), Checkout.newerSource(checkout, BUILT));

        Files.setLastModifiedTime(source, BEFORE);
        Files.setLastModifiedTime(checkout.resolve("pom.xml"), AFTER);
        assertEquals(Optional.of(checkout.resolve("pom.xml")), Checkout.newerSource(checkout, BUILT));
    }

    @Test
    void testSourcesAndBuildOutputDoNotCount(@TempDir Path checkout) throws Exception {
        layOut(checkout);
        Files.setLastModifiedTime(write(checkout.resolve("hakod/src/test/java/DaemonTest.java")), AFTER);
        Files.setLastModifiedTime(write(checkout.resolve("hakod/target/classes/Daemon.class")), AFTER);
        assertEquals(Optional.empty(), Checkout.newerSource(checkout, BUILT));
    }

    private static void layOut(Path checkout) throws Exception {
        for (Path p : new Path[] {checkout.resolve("pom.xml"), checkout.resolve("hakod/pom.xml"),
                checkout.resolve("hakod/src/main/java/dev/hako/Daemon.java")}) {
            Files.setLastModifiedTime(write(p), BEFORE);
        }
    }

    private static Path write(Path p) throws Exception {
        Files.createDirectories(p.getParent());
        return Files.writeString(p, "x");
    }
}
