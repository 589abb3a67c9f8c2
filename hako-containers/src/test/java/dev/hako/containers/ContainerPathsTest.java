package dev.hako.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.hako.oci.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A container of a pod binds its pod's name files; one on its own, the files in its bundle. */
class ContainerPathsTest {
    private final ContainerPaths paths = new ContainerPaths(Path.of("/run/hako/containers"), Path.of("/var/lib/hako/containers"));

    @Test
    void aContainerOnItsOwnHasItsNameFilesInItsBundle() {
        var files = paths.nameFiles("c1", options("{\"name\":\"c1\",\"image\":\"busybox\"}"));
        assertEquals(Path.of("/run/hako/containers/c1/hosts"), files.hosts());
        assertEquals(Path.of("/run/hako/containers/c1/hostname"), files.hostname());
        assertEquals(Path.of("/run/hako/containers/c1/resolv.conf"), files.resolvConf());
    }

    @Test
    void aContainerOfAPodHasItsPodsNameFiles() {
        ContainerOptions options = options("{\"name\":\"c1\",\"image\":\"busybox\",\"pod\":{\"podId\":\"p1\",\"podDir\":\"/run/hako/pods/p1\"}}");
        var files = paths.nameFiles("c1", options);
        assertEquals(Path.of("/run/hako/pods/p1/hosts"), files.hosts());
        assertEquals(Path.of("/run/hako/pods/p1/resolv.conf"), files.resolvConf());
        // Where the files are is derived, not stored: the row keeps only the pod's directory.
        assertFalse(new String(Json.write(options), StandardCharsets.UTF_8).contains("nameFiles"));
    }

    private static ContainerOptions options(String json) {
        return Json.read(json.getBytes(StandardCharsets.UTF_8), ContainerOptions.class, "row");
    }
}
