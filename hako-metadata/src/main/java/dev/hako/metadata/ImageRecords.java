package dev.hako.metadata;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The images table: names and their targets. */
public final class ImageRecords {
    private final Database db;

    public ImageRecords(Database db) {
        this.db = db;
    }

    /** Creates or moves {@code name}; the creation time of an existing name is kept. */
    public void put(ImageRecord r) {
        db.transaction(c -> put(c, r));
    }

    public static Void put(Connection c, ImageRecord r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO images(name, target_media_type, target_digest, target_size, platform, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(name) DO UPDATE SET target_media_type=excluded.target_media_type,
                  target_digest=excluded.target_digest, target_size=excluded.target_size,
                  platform=excluded.platform, updated_at=excluded.updated_at""")) {
            ps.setString(1, r.name());
            ps.setString(2, r.targetMediaType());
            ps.setString(3, r.targetDigest());
            ps.setLong(4, r.targetSize());
            ps.setString(5, r.platform());
            ps.setLong(6, r.createdAt().toEpochMilli());
            ps.setLong(7, r.updatedAt().toEpochMilli());
            ps.executeUpdate();
        }
        return null;
    }

    public Optional<ImageRecord> get(String name) {
        return db.query(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM images WHERE name = ?")) {
                ps.setString(1, name);
                List<ImageRecord> rows = read(ps.executeQuery());
                return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
            }
        });
    }

    public List<ImageRecord> list() {
        return db.query(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM images ORDER BY name")) {
                return read(ps.executeQuery());
            }
        });
    }

    public boolean delete(String name) {
        return db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM images WHERE name = ?")) {
                ps.setString(1, name);
                return ps.executeUpdate() > 0;
            }
        });
    }

    public long count() {
        return db.query(c -> {
            try (var s = c.createStatement(); var rs = s.executeQuery("SELECT COUNT(*) FROM images")) {
                return rs.getLong(1);
            }
        });
    }

    private static List<ImageRecord> read(ResultSet rs) throws SQLException {
        List<ImageRecord> out = new ArrayList<>();
        try (rs) {
            while (rs.next()) {
                out.add(new ImageRecord(rs.getString("name"), rs.getString("target_media_type"),
                        rs.getString("target_digest"), rs.getLong("target_size"), rs.getString("platform"),
                        Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("updated_at"))));
            }
        }
        return out;
    }
}
