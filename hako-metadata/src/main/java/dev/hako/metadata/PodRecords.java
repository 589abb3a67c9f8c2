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

/** The pods table. */
public final class PodRecords {
    private final Database db;

    public PodRecords(Database db) {
        this.db = db;
    }

    /** Inserts a new pod; ALREADY_EXISTS naming the holder when the name is taken. */
    public void insert(PodRecord r) {
        db.transaction(c -> {
            Optional<PodRecord> holder = find(c, "name", r.name());
            if (holder.isPresent()) {
                throw HakoException.alreadyExists("the pod name \"%s\" is already reserved for pod %s", r.name(), holder.get().id());
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO pods(id, name, runtime, state, config, network, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                bind(ps, r);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Writes every field of an existing row. */
    public void update(PodRecord r) {
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE pods SET id = ?, name = ?, runtime = ?, state = ?, config = ?, network = ?, created_at = ? WHERE id = ?")) {
                bind(ps, r);
                ps.setString(8, r.id());
                if (ps.executeUpdate() == 0) {
                    throw HakoException.notFound("pod sandbox %s not found", r.id());
                }
            }
            return null;
        });
    }

    public Optional<PodRecord> get(String id) {
        return db.query(c -> find(c, "id", id));
    }

    public List<PodRecord> list() {
        return db.query(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM pods ORDER BY created_at DESC")) {
                return read(ps.executeQuery());
            }
        });
    }

    /** Pods whose id starts with {@code prefix}. */
    public List<PodRecord> byIdPrefix(String prefix) {
        return db.query(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM pods WHERE substr(id, 1, ?) = ?")) {
                ps.setInt(1, prefix.length());
                ps.setString(2, prefix);
                return read(ps.executeQuery());
            }
        });
    }

    public boolean delete(String id) {
        return db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM pods WHERE id = ?")) {
                ps.setString(1, id);
                return ps.executeUpdate() > 0;
            }
        });
    }

    private static void bind(PreparedStatement ps, PodRecord r) throws SQLException {
        ps.setString(1, r.id());
        ps.setString(2, r.name());
        ps.setString(3, r.runtime());
        ps.setString(4, r.state().name().toLowerCase(Locale.ROOT));
        ps.setString(5, r.config());
        ps.setString(6, r.network());
        ps.setLong(7, r.createdAt());
    }

    private static Optional<PodRecord> find(Connection c, String column, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM pods WHERE " + column + " = ?")) {
            ps.setString(1, value);
            List<PodRecord> rows = read(ps.executeQuery());
            return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
        }
    }

    private static List<PodRecord> read(ResultSet rs) throws SQLException {
        List<PodRecord> out = new ArrayList<>();
        try (rs) {
            while (rs.next()) {
                out.add(new PodRecord(rs.getString("id"), rs.getString("name"), rs.getString("runtime"),
                        PodRecord.State.valueOf(rs.getString("state").toUpperCase(Locale.ROOT)),
                        rs.getString("config"), rs.getString("network"), rs.getLong("created_at")));
            }
        }
        return out;
    }
}
