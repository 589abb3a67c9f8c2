package dev.hako.daemon.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StorePathRedactorTest {
    private static final String ID = "7df169564532d50fb2b1a1c3b92b656cf68f7e6d6a951643c12bf4b9793596ae";
    private final StorePathRedactor redactor = new StorePathRedactor(Path.of("/var/lib/hako"), Path.of("/run/hako"));

    @Test
    void aPathInAContainersRootIsThePathTheContainerSees() {
        assertEquals("error mounting \"/srv\" to rootfs at \"/proc\": \"/proc\" cannot be mounted because it is not of type proc",
                redactor.redact("error mounting \"/srv\" to rootfs at \"/proc\": \"/run/hako/containers/" + ID
                        + "/rootfs/proc\" cannot be mounted because it is not of type proc"));
        assertEquals("cannot read / here", redactor.redact("cannot read /run/hako/containers/" + ID + "/rootfs here"));
    }

    @Test
    void otherStorePathsLoseTheirHostPrefix() {
        assertEquals("layer <hako root>/snapshots/12/fs: no space left on device",
                redactor.redact("layer /var/lib/hako/snapshots/12/fs: no space left on device"));
        assertEquals("bundle <hako state>/containers/" + ID + "/config.json is missing",
                redactor.redact("bundle /run/hako/containers/" + ID + "/config.json is missing"));
    }

    @Test
    void pathsOutsideTheStoreAndLookalikesStay() {
        assertEquals("open /etc/hako/hako.toml: denied", redactor.redact("open /etc/hako/hako.toml: denied"));
        assertEquals("/var/lib/hakoish is not ours", redactor.redact("/var/lib/hakoish is not ours"));
        assertEquals("the volume /srv/data is missing", redactor.redact("the volume /srv/data is missing"));
    }
}
