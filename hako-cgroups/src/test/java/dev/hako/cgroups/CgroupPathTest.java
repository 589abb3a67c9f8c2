package dev.hako.cgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CgroupPathTest {
    private static final String ID = "4f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8";

    @Test
    void containerPathJoinsParentAndId() {
        assertEquals("/hako/" + ID, Cgroups.containerPath(Cgroups.DEFAULT_PARENT, ID));
        assertEquals("/kubepods/burstable/pod1d2c-44ab_x/" + ID, Cgroups.containerPath("/kubepods/burstable/pod1d2c-44ab_x", ID));
        assertEquals("/c1", Cgroups.containerPath("/", "c1"));
    }

    @Test
    void badParentsAreRefusedWithTheReason() {
        assertInvalid(() -> Cgroups.containerPath("hako", ID), "must be absolute");
        assertInvalid(() -> Cgroups.containerPath("/hako/../process_api", ID), "\"..\"");
        assertInvalid(() -> Cgroups.containerPath("/hako/./x", ID), "\"..\"");
        assertInvalid(() -> Cgroups.containerPath("/hako/", ID), "empty component");
        assertInvalid(() -> Cgroups.containerPath("/hako//x", ID), "empty component");
        assertInvalid(() -> Cgroups.containerPath("", ID), "empty cgroup path");
        assertInvalid(() -> Cgroups.containerPath("/ha ko", ID), "only letters");
        assertInvalid(() -> Cgroups.containerPath("system.slice:hako:x", ID), "systemd");
    }

    @Test
    void badIdsAreRefusedWithTheReason() {
        assertInvalid(() -> Cgroups.containerPath("/hako", "a/b"), "must not contain /");
        assertInvalid(() -> Cgroups.containerPath("/hako", ".."), "\"..\"");
        assertInvalid(() -> Cgroups.containerPath("/hako", ""), "empty");
        assertInvalid(() -> Cgroups.containerPath("/hako", "x\n"), "only letters");
        assertInvalid(() -> Cgroups.containerPath("/hako", "x".repeat(256)), "longer than 255");
    }

    @Test
    void checkPathAcceptsWhatContainerPathMakes() {
        String p = Cgroups.containerPath("/hako", ID);
        assertEquals(p, Cgroups.checkPath(p));
        assertInvalid(() -> Cgroups.checkPath("/hako/../../etc"), "\"..\"");
    }

    @Test
    void pathsResolveUnderAMountPoint() {
        Path mount = Path.of("/sys/fs/cgroup/memory");
        assertEquals(Path.of("/sys/fs/cgroup/memory/hako/c1"), CgroupPath.parse("/hako/c1").under(mount));
        assertEquals(mount, CgroupPath.parse("/").under(mount));
    }

    private static void assertInvalid(Runnable r, String fragment) {
        HakoException e = assertThrows(HakoException.class, r::run);
        assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
}
