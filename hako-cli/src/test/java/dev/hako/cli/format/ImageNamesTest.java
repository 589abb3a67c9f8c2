package dev.hako.cli.format;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageNamesTest {
    @ParameterizedTest
    @CsvSource({
        "docker.io/library/busybox:latest, busybox:latest",
        "docker.io/library/busybox, busybox",
        "docker.io/library/busybox@sha256:abcd, busybox@sha256:abcd",
        "docker.io/foo/bar:1, foo/bar:1",
        "docker.io/library/foo/bar, library/foo/bar",
        "busybox:latest, busybox:latest",
        "localhost:5000/library/busybox:1, localhost:5000/library/busybox:1",
        "quay.io/x/y, quay.io/x/y",
    })
    void familiarShortensDockerHubNames(String full, String familiar) {
        assertEquals(familiar, ImageNames.familiar(full));
    }

    @Test
    void tagsAndPortsAreTold() {
        assertEquals("1.36", ImageNames.tagOf("busybox:1.36"));
        assertEquals("", ImageNames.tagOf("localhost:5000/busybox"));
        assertEquals("v1", ImageNames.tagOf("localhost:5000/busybox:v1@sha256:ab"));
        assertTrue(ImageNames.isNameOnly("localhost:5000/busybox"));
        assertFalse(ImageNames.isNameOnly("busybox@sha256:ab"));
        assertFalse(ImageNames.isNameOnly("busybox:1"));
    }

    @Test
    void shortIdIsTwelveHexDigits() {
        assertEquals("a416a98b71e2", ImageNames.shortId("sha256:a416a98b71e224a31ee99cff8e16063554498227d2b696152a9c3e0aa65e5824"));
    }
}
