package dev.hako.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import dev.hako.oci.Json;
import org.junit.jupiter.api.Test;

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
}
