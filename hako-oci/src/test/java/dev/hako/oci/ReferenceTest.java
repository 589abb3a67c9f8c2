package dev.hako.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReferenceTest {
    private static final String HEX = "a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4";

    @ParameterizedTest
    @CsvSource({
        "busybox, docker.io/library/busybox:latest",
        "busybox:1.36, docker.io/library/busybox:1.36",
        "library/busybox, docker.io/library/busybox:latest",
        "user/app, docker.io/user/app:latest",
        "docker.io/busybox, docker.io/library/busybox:latest",
        "index.docker.io/library/busybox:1, docker.io/library/busybox:1",
        "localhost/app, localhost/app:latest",
        "localhost:5000/app:v1, localhost:5000/app:v1",
        "127.0.0.1:5000/a/b/c:tag, 127.0.0.1:5000/a/b/c:tag",
        "quay.io/org/app, quay.io/org/app:latest",
        "[::1]:5000/app, [::1]:5000/app:latest",
        "my-registry.example.com:443/team/app_1.x:v1.2-rc, my-registry.example.com:443/team/app_1.x:v1.2-rc",
    })
    void normalisesAsDockerDoes(String input, String normalised) {
        assertEquals(normalised, Reference.parse(input).toString());
    }

    @Test
    void digestReferencesHaveNoDefaultTag() {
        Reference r = Reference.parse("busybox@sha256:" + HEX);
        assertNull(r.tag());
        assertEquals("sha256:" + HEX, r.digest().toString());
        assertEquals("docker.io/library/busybox@sha256:" + HEX, r.toString());
        assertEquals("sha256:" + HEX, r.object());
    }

    @Test
    void tagAndDigestTogether() {
        Reference r = Reference.parse("busybox:1.36@sha256:" + HEX);
        assertEquals("1.36", r.tag());
        assertEquals(HEX, r.digest().encoded());
    }

    @ParameterizedTest
    @CsvSource({
        "docker.io/library/busybox:latest, busybox",
        "docker.io/user/app:latest, user/app",
        "127.0.0.1:5000/app:latest, 127.0.0.1:5000/app",
        "docker.io/library/a/b:latest, library/a/b",
    })
    void familiarNames(String input, String familiar) {
        assertEquals(familiar, Reference.parse(input).familiarName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Busybox", "docker.io/Library/busybox", "busybox:", "busybox:-bad", "busybox@sha256:abc",
        "busybox@md5:d41d8cd98f00b204e9800998ecf8427e", "a//b", "/busybox", "busybox/", "bad..name", "-x",
        HEX, "host:port/x:y:z",
        "busybox:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void refusesMalformedReferences(String input) {
        HakoException e = assertThrows(HakoException.class, () -> Reference.parse(input));
        assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
        assertTrue(e.getMessage().contains("invalid") || e.getMessage().contains("must be") || e.getMessage().contains("empty"),
                e.getMessage());
    }

    @Test
    void uppercaseMessageNamesTheRepository() {
        HakoException e = assertThrows(HakoException.class, () -> Reference.parse("user/MyApp"));
        assertEquals("invalid reference format: repository name (user/MyApp) must be lowercase", e.getMessage());
    }

    @Test
    void tooLongNamesAreRefused() {
        String name = "a".repeat(250) + "/b";
        HakoException e = assertThrows(HakoException.class, () -> Reference.parse("example.com/" + name));
        assertTrue(e.getMessage().contains("must not be more than 255"), e.getMessage());
    }
}
