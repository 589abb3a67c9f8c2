package dev.hako.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pod's containers are found by the pod id in their stored settings, through an index. */
class ContainerRecordsInPodTest {
    @TempDir
    Path dir;

    @Test
    void thePodsContainersNewestFirstAndNoOthers() throws Exception {
        try (Database db = Database.open(dir.resolve("metadata.db"))) {
            ContainerRecords records = new ContainerRecords(db);
            records.insert(row("a1", "{\"name\":\"a1\",\"pod\":{\"podId\":\"pod-a\"}}", 1));
            records.insert(row("b1", "{\"name\":\"b1\",\"pod\":{\"podId\":\"pod-b\"}}", 2));
            records.insert(row("a2", "{\"name\":\"a2\",\"pod\":{\"podId\":\"pod-a\",\"hostNetwork\":true}}", 3));
            records.insert(row("solo", "{\"name\":\"solo\"}", 4));
            records.insert(row("odd", "not json", 5)); // the index never refuses a row
            assertEquals(List.of("a2", "a1"), records.idsInPod("pod-a"));
            assertEquals(List.of("b1"), records.idsInPod("pod-b"));
            assertEquals(List.of(), records.idsInPod("pod-"));
            records.delete("a2");
            assertEquals(List.of("a1"), records.idsInPod("pod-a"));
        }
    }

    @Test
    void theQueryUsesTheIndex() throws Exception {
        try (Database db = Database.open(dir.resolve("metadata.db"))) {
            String plan = db.query(c -> {
                try (PreparedStatement ps = c.prepareStatement("EXPLAIN QUERY PLAN SELECT id FROM containers WHERE ("
                        + ContainerRecords.POD_ID + ") = ? ORDER BY created_at DESC")) {
                    ps.setString(1, "pod-a");
                    StringBuilder out = new StringBuilder();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.append(rs.getString("detail")).append('\n');
                        }
                    }
                    return out.toString();
                }
            });
            assertTrue(plan.contains("USING INDEX containers_pod"), plan);
        }
    }

    private static ContainerRecord row(String id, String config, long createdAt) {
        return new ContainerRecord(id, id, "busybox", "sha256:" + "0".repeat(64), "runc", ContainerRecord.State.CREATED,
                config, 0, 0, 0, false, "", 0, createdAt, 0, 0);
    }
}
