package dev.hako.metadata;

import dev.hako.errdefs.HakoException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The snapshots table, owned by the snapshotter. */
public final class SnapshotRecords {
    private final Database db;

    public SnapshotRecords(Database db) {
        this.db = db;
    }

    /** Inserts a new active (or view) snapshot and returns its row; ALREADY_EXISTS if the key is taken. */
    public SnapshotRecord insert(String key, String parent, SnapshotRecord.Kind kind) {
        // Milliseconds, as the row keeps it: the record returned equals the one read back later.
        Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
        return db.transaction(c -> {
            if (find(c, key).isPresent()) {
                throw HakoException.alreadyExists("snapshot %s already exists", key);
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO snapshots(key, parent, kind, size, created_at) VALUES (?, ?, ?, 0, ?)",
                    PreparedStatement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, key);
                ps.setString(2, parent);
                ps.setString(3, kind.name().toLowerCase(Locale.ROOT));
                ps.setLong(4, now.toEpochMilli());
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return new SnapshotRecord(keys.getLong(1), key, parent, kind, 0, now);
                }
            }
        });
    }

    /** Turns active {@code key} into committed {@code name}; ALREADY_EXISTS if the name is taken. */
    public SnapshotRecord commit(String key, String name, long size) {
        return db.transaction(c -> {
            SnapshotRecord active = find(c, key)
                    .orElseThrow(() -> HakoException.notFound("snapshot %s not found", key));
            if (active.kind() != SnapshotRecord.Kind.ACTIVE) {
                throw HakoException.precondition("snapshot %s is not active", key);
            }
            if (find(c, name).isPresent()) {
                throw HakoException.alreadyExists("snapshot %s already exists", name);
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE snapshots SET key = ?, kind = 'committed', size = ? WHERE id = ?")) {
                ps.setString(1, name);
                ps.setLong(2, size);
                ps.setLong(3, active.id());
                ps.executeUpdate();
            }
            return new SnapshotRecord(active.id(), name, active.parent(), SnapshotRecord.Kind.COMMITTED, size,
                    active.createdAt());
        });
    }

    public Optional<SnapshotRecord> get(String key) {
        return db.query(c -> find(c, key));
    }

    public List<SnapshotRecord> list() {
        return db.query(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM snapshots ORDER BY id")) {
                return read(ps.executeQuery());
            }
        });
    }

    public List<SnapshotRecord> children(String key) {
        return db.query(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM snapshots WHERE parent = ?")) {
                ps.setString(1, key);
                return read(ps.executeQuery());
            }
        });
    }

    /** Deletes {@code key}; FAILED_PRECONDITION while other snapshots name it as parent. */
    public Optional<SnapshotRecord> delete(String key) {
        return db.transaction(c -> {
            Optional<SnapshotRecord> row = find(c, key);
            if (row.isEmpty()) {
                return row;
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT key FROM snapshots WHERE parent = ? LIMIT 1")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        throw HakoException.precondition("snapshot %s has a child %s", key, rs.getString(1));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM snapshots WHERE id = ?")) {
                ps.setLong(1, row.get().id());
                ps.executeUpdate();
            }
            return row;
        });
    }

    private static Optional<SnapshotRecord> find(java.sql.Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM snapshots WHERE key = ?")) {
            ps.setString(1, key);
            List<SnapshotRecord> rows = read(ps.executeQuery());
            return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
        }
    }

    private static List<SnapshotRecord> read(ResultSet rs) throws SQLException {
        List<SnapshotRecord> out = new ArrayList<>();
        try (rs) {
            while (rs.next()) {
                out.add(new SnapshotRecord(rs.getLong("id"), rs.getString("key"), rs.getString("parent"),
                        SnapshotRecord.Kind.valueOf(rs.getString("kind").toUpperCase(Locale.ROOT)),
                        rs.getLong("size"), Instant.ofEpochMilli(rs.getLong("created_at"))));
            }
        }
        return out;
    }
}
