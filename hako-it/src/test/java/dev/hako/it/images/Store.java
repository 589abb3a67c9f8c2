package dev.hako.it.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Looks straight at a hakod store (files and database) to check what hakod left behind. */
final class Store {
    private final Path root;

    Store(Path root) {
        this.root = root;
    }

    /** Snapshot rows by key: kind. */
    Map<String, String> snapshotRows() {
        Map<String, String> rows = new HashMap<>();
        query("SELECT key, kind FROM snapshots", rs -> rows.put(rs.getString(1), rs.getString(2)));
        return rows;
    }

    List<String> imageNames() {
        List<String> names = new ArrayList<>();
        query("SELECT name FROM images ORDER BY name", rs -> names.add(rs.getString(1)));
        return names;
    }

    /** Keys of the snapshots not committed: layers being unpacked. */
    List<String> activeSnapshots() {
        return snapshotRows().entrySet().stream().filter(e -> !"committed".equals(e.getValue())).map(Map.Entry::getKey)
                .sorted().toList();
    }

    List<Path> ingestFiles() throws IOException {
        Path ingest = root.resolve("content/ingest");
        if (!Files.isDirectory(ingest)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(ingest)) {
            return s.toList();
        }
    }

    List<String> snapshotDirectories() throws IOException {
        try (Stream<Path> s = Files.list(root.resolve("snapshots"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** No half-written blob, no active snapshot, and a directory for exactly each snapshot row. */
    void assertNothingHalfDone() throws IOException {
        assertEquals(List.of(), ingestFiles(), "ingest files left");
        Map<String, String> rows = snapshotRows();
        rows.forEach((key, kind) -> assertEquals("committed", kind, "snapshot " + key + " left " + kind));
        assertEquals(rows.size(), snapshotDirectories().size(),
                "snapshot directories " + snapshotDirectories() + " vs rows " + rows.keySet());
    }

    long blobCount() throws IOException {
        try (Stream<Path> s = Files.list(root.resolve("content/blobs/sha256"))) {
            return s.count();
        }
    }

    boolean hasBlob(String digest) {
        return Files.exists(root.resolve("content/blobs/sha256").resolve(digest.replace("sha256:", "")));
    }

    private interface Row {
        void accept(ResultSet rs) throws SQLException;
    }

    private void query(String sql, Row row) {
        Path db = root.resolve("metadata.db");
        assertTrue(Files.exists(db), "no database at " + db);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                row.accept(rs);
            }
        } catch (SQLException e) {
            throw new AssertionError("reading " + db + ": " + e.getMessage(), e);
        }
    }
}
