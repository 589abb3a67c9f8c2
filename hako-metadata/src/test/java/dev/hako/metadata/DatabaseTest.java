package dev.hako.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
    @TempDir
    Path dir;

    @Test
    void aNewDatabaseHasEverySchemaVersionInWalMode() throws IOException {
        try (Database db = Database.open(dir.resolve("sub/metadata.db"))) {
            assertEquals(dir.resolve("sub/metadata.db"), db.file());
            assertEquals(Database.schemaVersion(), pragma(db, "user_version"));
            assertEquals("wal", db.query(c -> {
                try (Statement s = c.createStatement(); var rs = s.executeQuery("PRAGMA journal_mode")) {
                    return rs.getString(1);
                }
            }));
            for (String table : new String[] {"images", "snapshots", "containers", "pods"}) {
                assertEquals(0L, (long) db.query(c -> {
                    try (Statement s = c.createStatement(); var rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
                        return rs.getLong(1);
                    }
                }), table);
            }
        }
    }

    @Test
    void reopeningKeepsTheRowsAndMigratesNothingTwice() throws IOException {
        Path file = dir.resolve("metadata.db");
        Instant t = Instant.ofEpochMilli(1_700_000_000_000L);
        try (Database db = Database.open(file)) {
            new ImageRecords(db).put(new ImageRecord("docker.io/library/a:1", "m", "sha256:aa", 1, null, t, t));
        }
        try (Database db = Database.open(file)) {
            assertEquals(Database.schemaVersion(), pragma(db, "user_version"));
            assertEquals(t, new ImageRecords(db).get("docker.io/library/a:1").orElseThrow().createdAt());
        }
    }

    @Test
    void aTransactionThatThrowsWritesNothing() throws IOException {
        try (Database db = Database.open(dir.resolve("metadata.db"))) {
            HakoException refused = HakoException.precondition("changed my mind");
            HakoException e = assertThrows(HakoException.class, () -> db.transaction(c -> {
                insertPod(c, "p1");
                throw refused;
            }));
            assertSame(refused, e, "the transaction's own error comes out as it was thrown");
            assertTrue(new PodRecords(db).get("p1").isEmpty());

            db.transaction(c -> insertPod(c, "p2"));
            assertTrue(new PodRecords(db).get("p2").isPresent(), "the connection is usable after a rollback");
        }
    }

    @Test
    void sqlErrorsAreInternalErrorsThatNameTheDatabase() throws IOException {
        try (Database db = Database.open(dir.resolve("metadata.db"))) {
            HakoException e = assertThrows(HakoException.class, () -> db.query(c -> {
                try (Statement s = c.createStatement()) {
                    return s.execute("SELECT * FROM no_such_table");
                }
            }));
            assertEquals(ErrorKind.INTERNAL, e.kind());
            assertTrue(e.getMessage().startsWith("metadata database: "), e.getMessage());
            e = assertThrows(HakoException.class, () -> db.transaction(c -> {
                insertPod(c, "p1");
                insertPod(c, "p1"); // the primary key refuses it, and the first insert goes with it
                return null;
            }));
            assertEquals(ErrorKind.INTERNAL, e.kind());
            assertTrue(new PodRecords(db).list().isEmpty());
        }
    }

    private static Object insertPod(java.sql.Connection c, String id) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO pods(id, name, runtime, state, config, created_at) VALUES (?, ?, 'runc', 'ready', '{}', 0)")) {
            ps.setString(1, id);
            ps.setString(2, id);
            ps.executeUpdate();
        }
        return null;
    }

    private static int pragma(Database db, String name) {
        return db.query(c -> {
            try (Statement s = c.createStatement(); var rs = s.executeQuery("PRAGMA " + name)) {
                return rs.getInt(1);
            }
        });
    }
}
