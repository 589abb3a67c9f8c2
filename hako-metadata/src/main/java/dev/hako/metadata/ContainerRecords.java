package dev.hako.metadata;

import dev.hako.errdefs.HakoException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The containers table. */
public final class ContainerRecords {
    /**
     * The pod a row's container was made in: {@code pod.podId} of its settings as the container
     * service stores them (null outside a pod). Rows whose config is not JSON have none, so that
     * the index on it never refuses a row. The migration's index and the query use this very text.
     */
    static final String POD_ID = "CASE WHEN json_valid(config) THEN json_extract(config, '$.pod.podId') END";

    private final Database db;

    public ContainerRecords(Database db) {
        this.db = db;
    }

    /** Inserts a new container; ALREADY_EXISTS naming the holder when the name is taken. */
    public void insert(ContainerRecord r) {
        db.transaction(c -> {
            Optional<ContainerRecord> holder = find(c, "name", r.name());
            if (holder.isPresent()) {
                throw nameConflict(r.name(), holder.get().id());
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO containers(id, name, image, image_id, runtime, state, config, pid, conmon_pid, exit_code,
                      oom_killed, error, restart_count, created_at, started_at, finished_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                bind(ps, r);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** docker's words for a name that is taken. */
    public static HakoException nameConflict(String name, String holderId) {
        return HakoException.alreadyExists("Conflict. The container name \"/%s\" is already in use by container \"%s\". "
                + "You have to remove (or rename) that container to be able to reuse that name.", name, holderId);
    }

    /** Writes every field of an existing row. */
    public void update(ContainerRecord r) {
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE containers SET id = ?, name = ?, image = ?, image_id = ?, runtime = ?, state = ?, config = ?,
                      pid = ?, conmon_pid = ?, exit_code = ?, oom_killed = ?, error = ?, restart_count = ?,
                      created_at = ?, started_at = ?, finished_at = ?
                    WHERE id = ?""")) {
                bind(ps, r);
                ps.setString(17, r.id());
                if (ps.executeUpdate() == 0) {
                    throw HakoException.notFound("No such container: %s", r.id());
                }
            }
            return null;
        });
    }

    public Optional<ContainerRecord> get(String id) {
        return db.query(c -> find(c, "id", id));
    }

    public Optional<ContainerRecord> byName(String name) {
        return db.query(c -> find(c, "name", name));
    }

    public List<ContainerRecord> list() {
        return db.query(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM containers ORDER BY created_at DESC")) {
                return read(ps.executeQuery());
            }
        });
    }

    /** Containers whose id starts with {@code prefix}. */
    public List<ContainerRecord> byIdPrefix(String prefix) {
        return db.query(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM containers WHERE substr(id, 1, ?) = ?")) {
                ps.setInt(1, prefix.length());
                ps.setString(2, prefix);
                return read(ps.executeQuery());
            }
        });
    }

    /** The ids of the containers made in pod {@code podId}, newest first (through an index, not by reading every row). */
    public List<String> idsInPod(String podId) {
        return db.query(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id FROM containers WHERE (" + POD_ID + ") = ? ORDER BY created_at DESC")) {
                ps.setString(1, podId);
                List<String> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            }
        });
    }

    public List<ContainerRecord> usingImage(String imageId) {
        return db.query(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM containers WHERE image_id = ?")) {
                ps.setString(1, imageId);
                return read(ps.executeQuery());
            }
        });
    }

    public boolean delete(String id) {
        return db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM containers WHERE id = ?")) {
                ps.setString(1, id);
                return ps.executeUpdate() > 0;
            }
        });
    }

    private static void bind(PreparedStatement ps, ContainerRecord r) throws SQLException {
        ps.setString(1, r.id());
        ps.setString(2, r.name());
        ps.setString(3, r.image());
        ps.setString(4, r.imageId());
        ps.setString(5, r.runtime());
        ps.setString(6, r.state().name().toLowerCase(Locale.ROOT));
        ps.setString(7, r.config());
        ps.setInt(8, r.pid());
        ps.setInt(9, r.conmonPid());
        ps.setInt(10, r.exitCode());
        ps.setInt(11, r.oomKilled() ? 1 : 0);
        ps.setString(12, r.error());
        ps.setInt(13, r.restartCount());
        ps.setLong(14, r.createdAt());
        ps.setLong(15, r.startedAt());
        ps.setLong(16, r.finishedAt());
    }

    private static Optional<ContainerRecord> find(Connection c, String column, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM containers WHERE " + column + " = ?")) {
            ps.setString(1, value);
            List<ContainerRecord> rows = read(ps.executeQuery());
            return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
        }
    }

    private static List<ContainerRecord> read(ResultSet rs) throws SQLException {
        List<ContainerRecord> out = new ArrayList<>();
        try (rs) {
            while (rs.next()) {
                out.add(new ContainerRecord(rs.getString("id"), rs.getString("name"), rs.getString("image"),
                        rs.getString("image_id"), rs.getString("runtime"),
                        ContainerRecord.State.valueOf(rs.getString("state").toUpperCase(Locale.ROOT)),
                        rs.getString("config"), rs.getInt("pid"), rs.getInt("conmon_pid"), rs.getInt("exit_code"),
                        rs.getInt("oom_killed") != 0, rs.getString("error"), rs.getInt("restart_count"),
                        rs.getLong("created_at"), rs.getLong("started_at"), rs.getLong("finished_at")));
            }
        }
        return out;
    }
}
