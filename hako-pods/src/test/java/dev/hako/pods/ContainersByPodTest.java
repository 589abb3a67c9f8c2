package dev.hako.pods;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hako.containers.ContainerOptions;
import dev.hako.containers.PodMembership;
import dev.hako.metadata.ContainerRecord;
import dev.hako.metadata.ContainerRecords;
import dev.hako.metadata.Database;
import dev.hako.oci.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * containersOf asks the metadata's index of containers by pod: the pod id must be where the
 * container service's stored settings (ContainerOptions as JSON) put it.
 */
class ContainersByPodTest {
    @TempDir
    Path dir;

    @Test
    void theIndexFindsContainersAsTheContainerServiceStoresThem() throws Exception {
        try (Database db = Database.open(dir.resolve("metadata.db"))) {
            ContainerRecords records = new ContainerRecords(db);
            records.insert(row("c1", options("app_web", membership("pod-1")), 1));
            records.insert(row("c2", options("side_web", membership("pod-1")), 2));
            records.insert(row("c3", options("app_db", membership("pod-2")), 3));
            records.insert(row("c4", options("cli", null), 4));
            assertEquals(List.of("c2", "c1"), records.idsInPod("pod-1"));
            assertEquals(List.of("c3"), records.idsInPod("pod-2"));
        }
    }

    private static PodMembership membership(String podId) {
        return new PodMembership(podId, "/run/hako/pods/" + podId + "/ns/net", "", "", "", false, false, false, "", "", "",
                "", null, "app", 0, null, "busybox");
    }

    private static String options(String name, PodMembership pod) {
        ContainerOptions o = new ContainerOptions(name, "busybox", List.of("sleep"), List.of("3600"), null, "", "", null,
                null, false, "", 0, 0, 0, null, null, false, null, false, null, "runc", false, false, false, false,
                null, pod, null);
        return new String(Json.write(o), StandardCharsets.UTF_8);
    }

    private static ContainerRecord row(String id, String config, long createdAt) {
        return new ContainerRecord(id, id, "busybox", "sha256:" + "0".repeat(64), "runc", ContainerRecord.State.CREATED,
                config, 0, 0, 0, false, "", 0, createdAt, 0, 0);
    }
}
