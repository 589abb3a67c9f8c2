package dev.hako.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.errdefs.HakoException;
import dev.hako.oci.Json;
import dev.hako.spec.DeviceMapping;
import dev.hako.spec.NetworkMode;
import dev.hako.spec.SeccompSetting;
import dev.hako.spec.Tmpfs;
import dev.hako.spec.Volume;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Containers' rows: those of earlier versions hold the CLI's strings, those of now the typed records. */
class StoredFormsTest {
    private static ContainerOptions read(String json) {
        return Json.read(json.getBytes(StandardCharsets.UTF_8), ContainerOptions.class, "row");
    }

    @Test
    void aRowOfAnEarlierVersionLoadsItsStringsAsRecords() {
        ContainerOptions o = read("""
                {"name":"web","image":"busybox","cmd":["sleep","60"],"volumes":["/h:/c:ro","/g:/d:rw,rslave"],\
                "tmpfs":["/run:exec,size=64m","/tmp"],"seccomp":"unconfined","network":"host",\
                "linux":{"cpuShares":2,"devices":["/dev/fuse:/dev/f:rw"]}}""");
        assertEquals(List.of(new Volume("/h", "/c", true), new Volume("/g", "/d", false, "rslave")), o.volumes());
        assertEquals(List.of(new Tmpfs("/run", List.of("exec", "size=64m")), new Tmpfs("/tmp", List.of())), o.tmpfs());
        assertEquals(SeccompSetting.UNCONFINED, o.seccomp());
        assertEquals(NetworkMode.HOST, o.network());
        assertEquals(List.of(new DeviceMapping("/dev/fuse", "/dev/f", "rw")), o.linux().devices());

        ContainerOptions plain = read("{\"name\":\"a\",\"image\":\"busybox\",\"seccomp\":\"\",\"network\":\"none\"}");
        assertEquals(SeccompSetting.DEFAULT, plain.seccomp());
        assertEquals(NetworkMode.NONE, plain.network());
        assertEquals(List.of(), plain.volumes());
        ContainerOptions none = read("{\"name\":\"a\",\"image\":\"busybox\"}");
        assertEquals(SeccompSetting.DEFAULT, none.seccomp());
        assertEquals(NetworkMode.NONE, none.network());
    }

    /** Earlier versions kept a profile's content, a Localhost one's too: it loads as a given profile. */
    @Test
    void aProfileKeptAsContentLoadsAsAGivenProfile() {
        ContainerOptions o = read("{\"name\":\"a\",\"image\":\"busybox\","
                + "\"seccomp\":\"{\\\"defaultAction\\\":\\\"SCMP_ACT_LOG\\\"}\"}");
        assertEquals(SeccompSetting.Mode.CUSTOM, o.seccomp().mode());
        assertEquals("SCMP_ACT_LOG", o.seccomp().profile().defaultAction());
    }

    @Test
    void aRowOfNowKeepsTheRecordsAndALocalhostProfileOnlyByItsPath() {
        ContainerOptions o = new ContainerOptions("web", "busybox", null, List.of(), List.of(), "", "",
                List.of(new Volume("/host/a:b", "/data:x", true, "rshared")), List.of(new Tmpfs("/run", List.of("size=1m"))),
                false, "", 0, 0, 0, List.of(), List.of(), false, SeccompSetting.localhost("/etc/profiles/p:1.json"), false,
                NetworkMode.HOST, "", false, false, false, false, Map.of());
        o = o.withLimits(0, 0, new LinuxOptions(0, null, null, null, null, null, null,
                List.of(new DeviceMapping("/dev/fuse", "/dev/f:1", "r"))));
        String json = new String(Json.write(o), StandardCharsets.UTF_8);
        assertFalse(json.contains("\"volumes\":[\"") || json.contains("\"devices\":[\""), "records, not strings: " + json);
        assertTrue(json.contains("\"localhostPath\":\"/etc/profiles/p:1.json\""), json);
        assertEquals(o, read(json));

        ContainerOptions custom = o.withLimits(0, 0, null);
        custom = new ContainerOptions(custom.name(), custom.image(), null, List.of(), List.of(), "", "", List.of(), List.of(),
                false, "", 0, 0, 0, List.of(), List.of(), false, SeccompSetting.custom("{\"defaultAction\":\"SCMP_ACT_LOG\"}"),
                false, null, "", false, false, false, false, Map.of());
        assertEquals(custom, read(new String(Json.write(custom), StandardCharsets.UTF_8)));
        assertNull(custom.linux());
    }

    @Test
    void aRowWhoseSettingsAreNotValidIsRefused() {
        assertThrows(HakoException.class, () -> read("{\"name\":\"a\",\"image\":\"b\",\"volumes\":[\"relative:/c\"]}"));
        assertThrows(HakoException.class, () -> read("{\"name\":\"a\",\"image\":\"b\",\"volumes\":[{\"source\":\"relative\","
                + "\"target\":\"/c\"}]}"));
    }
}
