package dev.hako.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerRecordsTest {
    @TempDir
    Path dir;
    Database db;
    ContainerRecords containers;

    @BeforeEach
    void open() throws IOException {
        db = Database.open(dir.resolve("metadata.db"));
        containers = new ContainerRecords(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aContainerIsFoundByIdNameAndIdPrefix() {
        ContainerRecord a = created("abc123", "web", "sha256:img1", 1);
        ContainerRecord b = created("abd456", "db", "sha256:img2", 2);
        containers.insert(a);
        containers.insert(b);
        assertEquals(a, containers.get("abc123").orElseThrow());
        assertEquals(b, containers.byName("db").orElseThrow());
        assertEquals(List.of(a), containers.byIdPrefix("abc"));
        assertEquals(2, containers.byIdPrefix("ab").size());
        assertEquals(List.of(), containers.byIdPrefix("x"));
        assertEquals(List.of(b, a), containers.list(), "newest first");
        assertEquals(List.of(a), containers.usingImage("sha256:img1"));
    }

    @Test
    void aTakenNameIsRefusedInDockersWordsNamingTheHolder() {
        containers.insert(created("abc123", "web", "sha256:img1", 1));
        HakoException e = assertThrows(HakoException.class,
                () -> containers.insert(created("def456", "web", "sha256:img1", 2)));
        assertEquals(ErrorKind.ALREADY_EXISTS, e.kind());
        assertTrue(e.getMessage().contains("The container name \"/web\" is already in use by container \"abc123\""),
                e.getMessage());
        assertTrue(containers.get("def456").isEmpty());
    }

    @Test
    void updatesWriteEveryFieldOfTheLifecycle() {
        ContainerRecord c = created("abc123", "web", "sha256:img1", 1);
        containers.insert(c);
        ContainerRecord running = c.running(100, 99, 5, false);
        containers.update(running);
        assertEquals(running, containers.get("abc123").orElseThrow());

        ContainerRecord exited = running.exited(137, true, 9, "OOMKilled");
        containers.update(exited);
        ContainerRecord read = containers.get("abc123").orElseThrow();
        assertEquals(exited, read);
        assertEquals(0, read.pid());
        assertTrue(read.oomKilled());

        ContainerRecord restarted = read.running(200, 199, 11, true);
        assertEquals(1, restarted.restartCount());
        assertEquals(0, restarted.exitCode());
        containers.update(restarted.withState(ContainerRecord.State.REMOVING).withConfig("{\"x\":1}"));
        read = containers.get("abc123").orElseThrow();
        assertEquals(ContainerRecord.State.REMOVING, read.state());
        assertEquals("{\"x\":1}", read.config());
    }

    @Test
    void updatingOrDeletingWhatIsGone() {
        HakoException e = assertThrows(HakoException.class, () -> containers.update(created("gone", "x", "i", 1)));
        assertEquals(ErrorKind.NOT_FOUND, e.kind());
        containers.insert(created("abc123", "web", "sha256:img1", 1));
        assertTrue(containers.delete("abc123"));
        assertFalse(containers.delete("abc123"));
        assertTrue(containers.byName("web").isEmpty(), "the name is free again");
    }

    private static ContainerRecord created(String id, String name, String imageId, long createdAt) {
        return new ContainerRecord(id, name, "busybox", imageId, "runc", ContainerRecord.State.CREATED, "{}", 0, 0, 0,
                false, "", 0, createdAt, 0, 0);
    }
}
