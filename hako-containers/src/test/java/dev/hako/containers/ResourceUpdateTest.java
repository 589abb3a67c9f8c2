package dev.hako.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import dev.hako.oci.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResourceUpdateTest {
    private static String json(ResourceUpdate u) {
        return new String(Json.write(u.runtimeResources()));
    }

    @Test
    void onlyTheLimitsThatChangeReachTheRuntime() {
        assertEquals("{\"memory\":{\"limit\":67108864}}", json(new ResourceUpdate(64 << 20, 0, 0, 0, "", "")));
        assertEquals("{\"cpu\":{\"shares\":512}}", json(new ResourceUpdate(0, 512, 0, 0, null, null)));
        assertEquals("{\"cpu\":{\"quota\":50000,\"period\":100000}}", json(new ResourceUpdate(0, 0, 50000, 0, "", "")));
        assertEquals("{\"memory\":{\"limit\":67108864},\"cpu\":{\"shares\":2,\"quota\":20000,\"period\":40000,"
                + "\"cpus\":\"0-1\",\"mems\":\"0\"}}", json(new ResourceUpdate(64 << 20, 2, 20000, 40000, "0-1", "0")));
    }

    @Test
    void aPeriodAloneChangesNothing() {
        assertNull(new ResourceUpdate(0, 0, 0, 50000, "", "").runtimeResources());
        assertNull(new ResourceUpdate(0, 0, 0, 0, null, null).runtimeResources());
    }

    @Test
    void negativeAndTinyLimitsAreRefused() {
        HakoException negative = assertThrows(HakoException.class, () -> new ResourceUpdate(0, -1, 0, 0, "", ""));
        assertEquals(ErrorKind.INVALID_ARGUMENT, negative.kind());
        assertEquals("resources cannot be negative", negative.getMessage());
        HakoException tiny = assertThrows(HakoException.class, () -> new ResourceUpdate(1 << 20, 0, 0, 0, "", ""));
        assertEquals("memory limit 1048576 bytes is below the minimum of 6 MiB", tiny.getMessage());
    }

    @Test
    void aRunningContainerIsUpdatedThroughTheRuntimeAndItsRowKeepsTheNewLimits(@TempDir Path dir) throws Exception {
        try (TestContainers t = new TestContainers(dir)) {
            String id = t.run("web");
            t.service.updateResources("web", 64 << 20, 512, 50000, 0, "0", "");

            assertEquals("{\"memory\":{\"limit\":67108864},\"cpu\":{\"shares\":512,\"quota\":50000,\"period\":100000,"
                    + "\"cpus\":\"0\"}}", t.runtime.lastResources);
            assertFalse(Files.exists(t.paths.bundle(id).resolve("resources.json")), "the file goes after the update");
            ContainerOptions o = t.service.get(id).options();
            assertEquals(64 << 20, o.memoryBytes());
            assertEquals(500_000_000L, o.nanoCpus(), "50000 of 100000 microseconds: half a CPU");
            assertEquals(512, o.linux().cpuShares());
            assertEquals("0", o.linux().cpusetCpus());
        }
    }

    @Test
    void aContainerThatDoesNotRunIsOnlyRecorded(@TempDir Path dir) throws Exception {
        try (TestContainers t = new TestContainers(dir)) {
            String id = t.create("web");
            t.service.updateResources(id, 32 << 20, 0, 0, 0, null, null);
            assertNull(t.runtime.lastResources);
            assertEquals(32 << 20, t.service.get(id).options().memoryBytes());
        }
    }
}
