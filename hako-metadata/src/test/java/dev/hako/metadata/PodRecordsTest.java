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

class PodRecordsTest {
    @TempDir
    Path dir;
    Database db;
    PodRecords pods;

    @BeforeEach
    void open() throws IOException {
        db = Database.open(dir.resolve("metadata.db"));
        pods = new PodRecords(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void podsAreFoundByIdAndPrefixNewestFirst() {
        PodRecord a = pod("aa11", "a_default_uid_0", 1);
        PodRecord b = pod("aa22", "b_default_uid_0", 2);
        pods.insert(a);
        pods.insert(b);
        assertEquals(a, pods.get("aa11").orElseThrow());
        assertEquals(List.of(b, a), pods.list());
        assertEquals(List.of(b), pods.byIdPrefix("aa2"));
        assertEquals(2, pods.byIdPrefix("aa").size());
    }

    @Test
    void aReservedNameIsRefusedNamingTheHolder() {
        pods.insert(pod("aa11", "a_default_uid_0", 1));
        HakoException e = assertThrows(HakoException.class, () -> pods.insert(pod("bb22", "a_default_uid_0", 2)));
        assertEquals(ErrorKind.ALREADY_EXISTS, e.kind());
        assertTrue(e.getMessage().contains("aa11"), e.getMessage());
        assertTrue(pods.get("bb22").isEmpty());
    }

    @Test
    void stateAndNetworkAreUpdated() {
        PodRecord p = pod("aa11", "a_default_uid_0", 1);
        pods.insert(p);
        pods.update(p.withNetwork("{\"ips\":[\"10.88.0.2\"]}").withState(PodRecord.State.READY));
        PodRecord read = pods.get("aa11").orElseThrow();
        assertEquals(PodRecord.State.READY, read.state());
        assertEquals("{\"ips\":[\"10.88.0.2\"]}", read.network());
        assertEquals(p.config(), read.config());
    }

    @Test
    void updatingOrDeletingWhatIsGone() {
        HakoException e = assertThrows(HakoException.class, () -> pods.update(pod("gone", "x", 1)));
        assertEquals(ErrorKind.NOT_FOUND, e.kind());
        pods.insert(pod("aa11", "a_default_uid_0", 1));
        assertTrue(pods.delete("aa11"));
        assertFalse(pods.delete("aa11"));
        pods.insert(pod("cc33", "a_default_uid_0", 3));
        assertTrue(pods.get("cc33").isPresent(), "a removed pod's name is free again");
    }

    private static PodRecord pod(String id, String name, long createdAt) {
        return new PodRecord(id, name, "runc", PodRecord.State.NOTREADY, "{\"metadata\":{}}", "", createdAt);
    }
}
