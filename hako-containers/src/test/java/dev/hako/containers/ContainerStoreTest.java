package dev.hako.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import dev.hako.metadata.ContainerRecord;
import dev.hako.metadata.ContainerRecords;
import dev.hako.metadata.Database;
import dev.hako.oci.Json;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerStoreTest {
    private static final String WEB = "abc1" + "0".repeat(60);
    private static final String DB = "abc2" + "0".repeat(60);
    private static final String CACHE = "f00d" + "1".repeat(60);

    @TempDir
    Path dir;
    Database db;
    ContainerStore store;

    @BeforeEach
    void containers() throws Exception {
        db = Database.open(dir.resolve("metadata.db"));
        ContainerRecords records = new ContainerRecords(db);
        records.insert(row(WEB, "web", ContainerRecord.State.RUNNING));
        records.insert(row(DB, "db", ContainerRecord.State.EXITED));
        // A name that looks like another container's id prefix.
        records.insert(row(CACHE, "abc2", ContainerRecord.State.CREATED));
        store = new ContainerStore(records);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static ContainerRecord row(String id, String name, ContainerRecord.State state) {
        String config = new String(Json.write(TestContainers.options(name)));
        return new ContainerRecord(id, name, "busybox", "sha256:" + "e".repeat(64), "runc", state, config, 0, 0, 0, false,
                "", 0, 1, 0, 0);
    }

    @Test
    void findsByFullIdNameOrSlashName() {
        assertEquals(WEB, store.resolve(WEB).id());
        assertEquals(WEB, store.resolve("web").id());
        assertEquals(WEB, store.resolve("/web").id());
    }

    @Test
    void aNameWinsOverAnIdPrefix() {
        assertEquals(CACHE, store.resolve("abc2").id(), "abc2 is a name before it is a prefix of " + DB);
    }

    @Test
    void findsByUniqueIdPrefix() {
        assertEquals(DB, store.resolve("abc20").id());
        assertEquals(CACHE, store.resolve("f00d").id());
    }

    @Test
    void aPrefixSharedByTwoContainersIsAmbiguous() {
        HakoException e = assertThrows(HakoException.class, () -> store.resolve("abc"));
        assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
        assertEquals("multiple containers found with provided prefix: abc", e.getMessage());
    }

    @Test
    void unknownAndEmptyReferences() {
        HakoException unknown = assertThrows(HakoException.class, () -> store.resolve("nothing"));
        assertEquals(ErrorKind.NOT_FOUND, unknown.kind());
        assertEquals("No such container: nothing", unknown.getMessage());
        // Not hexadecimal: never taken for a prefix.
        assertEquals(ErrorKind.NOT_FOUND, assertThrows(HakoException.class, () -> store.resolve("ABC1")).kind());
        assertEquals(ErrorKind.NOT_FOUND, assertThrows(HakoException.class, () -> store.resolve("bcd")).kind());
        assertEquals(ErrorKind.INVALID_ARGUMENT, assertThrows(HakoException.class, () -> store.resolve(" ")).kind());
        assertEquals(ErrorKind.INVALID_ARGUMENT, assertThrows(HakoException.class, () -> store.resolve(null)).kind());
    }

    @Test
    void requireTakesFullIdsOnly() {
        assertEquals(WEB, store.require(WEB).id());
        assertEquals(ErrorKind.NOT_FOUND, assertThrows(HakoException.class, () -> store.require("web")).kind());
    }

    @Test
    void listsRunningOrAllWithTheirOptions() {
        assertEquals(java.util.List.of(WEB), store.list(false).stream().map(Container::id).toList());
        assertEquals(java.util.Set.of(WEB, DB, CACHE),
                store.list(true).stream().map(Container::id).collect(java.util.stream.Collectors.toSet()));
        assertEquals("db", store.list(true).stream().filter(c -> c.id().equals(DB)).findFirst().orElseThrow()
                .options().name());
        assertEquals(3, store.usingImage("sha256:" + "e".repeat(64)).size());
    }

    @Test
    void stoppedMeansNotRunningOrGone() {
        assertEquals(false, store.isStopped(WEB));
        assertEquals(true, store.isStopped(DB));
        assertEquals(true, store.isStopped("0".repeat(64)));
    }
}
