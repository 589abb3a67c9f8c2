package dev.hako.metadata;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The embedded metadata database (SQLite, WAL). One connection, used under a lock: hakod is the
 * only writer and every statement is short, so this is simpler and faster than a pool.
 */
public final class Database implements AutoCloseable {
    /** The schema version of a database with every migration applied. */
    static int schemaVersion() {
        return MIGRATIONS.size();
    }

    /** Schema versions, applied in order; a new version appends, never edits. */
    private static final List<String> MIGRATIONS = List.of(
            """
            CREATE TABLE images (
              name TEXT PRIMARY KEY,
              target_media_type TEXT NOT NULL,
              target_digest TEXT NOT NULL,
              target_size INTEGER NOT NULL,
              created_at INTEGER NOT NULL,
              updated_at INTEGER NOT NULL
            );
            CREATE INDEX images_target ON images(target_digest);
            CREATE TABLE snapshots (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              key TEXT NOT NULL UNIQUE,
              parent TEXT,
              kind TEXT NOT NULL CHECK (kind IN ('active', 'view', 'committed')),
              size INTEGER NOT NULL DEFAULT 0,
              created_at INTEGER NOT NULL
            );
            CREATE INDEX snapshots_parent ON snapshots(parent);
            """,
            """
            ALTER TABLE images ADD COLUMN platform TEXT;
            """,
            """
            CREATE TABLE containers (
              id TEXT PRIMARY KEY,
              name TEXT NOT NULL UNIQUE,
              image TEXT NOT NULL,
              image_id TEXT NOT NULL,
              runtime TEXT NOT NULL,
              state TEXT NOT NULL CHECK (state IN ('created', 'running', 'exited', 'removing')),
              config TEXT NOT NULL,
              pid INTEGER NOT NULL DEFAULT 0,
              conmon_pid INTEGER NOT NULL DEFAULT 0,
              exit_code INTEGER NOT NULL DEFAULT 0,
              oom_killed INTEGER NOT NULL DEFAULT 0,
              error TEXT NOT NULL DEFAULT '',
              restart_count INTEGER NOT NULL DEFAULT 0,
              created_at INTEGER NOT NULL,
              started_at INTEGER NOT NULL DEFAULT 0,
              finished_at INTEGER NOT NULL DEFAULT 0
            );
            CREATE INDEX containers_image ON containers(image_id);
            """,
            """
            CREATE TABLE pods (
              id TEXT PRIMARY KEY,
              name TEXT NOT NULL UNIQUE,
              runtime TEXT NOT NULL,
              state TEXT NOT NULL CHECK (state IN ('ready', 'notready')),
              config TEXT NOT NULL,
              network TEXT NOT NULL DEFAULT '',
              created_at INTEGER NOT NULL
            );
            """,
            // The pod a container was made in, from its stored settings: PodService asks per pod.
            "CREATE INDEX containers_pod ON containers(" + ContainerRecords.POD_ID + ");");

    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();
    private final Path file;

    private Database(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    public static Database open(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        try {
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                // NORMAL is crash-safe in WAL mode (a kill -9 loses nothing committed).
                s.execute("PRAGMA synchronous=NORMAL");
                s.execute("PRAGMA foreign_keys=ON");
                s.execute("PRAGMA busy_timeout=5000");
            }
            Database db = new Database(file, c);
            db.migrate();
            return db;
        } catch (SQLException e) {
            throw new IOException("cannot open metadata database " + file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    /** Runs {@code work} in one transaction; any exception rolls it back. */
    public <T> T transaction(SqlWork<T> work) {
        lock.lock();
        try {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new HakoException(ErrorKind.INTERNAL, "metadata database: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** Runs a read (or a single statement) without an explicit transaction. */
    public <T> T query(SqlWork<T> work) {
        lock.lock();
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw new HakoException(ErrorKind.INTERNAL, "metadata database: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    private void migrate() throws SQLException {
        int version;
        try (Statement s = connection.createStatement(); var rs = s.executeQuery("PRAGMA user_version")) {
            version = rs.getInt(1);
        }
        for (int v = version; v < MIGRATIONS.size(); v++) {
            connection.setAutoCommit(false);
            try (Statement s = connection.createStatement()) {
                for (String sql : MIGRATIONS.get(v).split(";")) {
                    if (!sql.isBlank()) {
                        s.execute(sql);
                    }
                }
                s.execute("PRAGMA user_version=" + (v + 1));
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            connection.close();
        } catch (SQLException e) {
            // closing at shutdown: nothing left to do with the error
        } finally {
            lock.unlock();
        }
    }

    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }
}
