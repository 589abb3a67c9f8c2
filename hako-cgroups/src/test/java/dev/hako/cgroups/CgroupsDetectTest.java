package dev.hako.cgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupsDetectTest {
    @TempDir
    Path root;

    @Test
    void thisProjectsHybridHostHasV1ControllersAndACgroup2Beside() {
        Cgroups cg = Cgroups.of(FakeTree.HYBRID_MOUNTINFO, root);
        assertEquals(CgroupVersion.HYBRID, cg.version());
        assertEquals(Optional.of(root.resolve("sys/fs/cgroup/memory")), cg.mountPoint("memory"));
        assertEquals(Optional.of(root.resolve("sys/fs/cgroup/cpu")), cg.mountPoint("cpu"));
        assertEquals(Optional.of(root.resolve("sys/fs/cgroup/cpuacct")), cg.mountPoint("cpuacct"));
        assertEquals(Optional.of(root.resolve("sys/fs/cgroup/systemd")), cg.mountPoint("name=systemd"));
        assertEquals(Optional.of(root.resolve("sys/fs/cgroup/unified")), cg.unifiedMountPoint());
        assertEquals(Set.of("cpu", "cpuacct", "cpuset", "memory", "devices", "freezer", "blkio", "pids"), cg.controllers());
        // 9 v1 hierarchies (the named systemd one included) and the cgroup2 mount: runc makes a
        // container's cgroup in all of them, so removal must visit all of them.
        assertEquals(10, cg.hierarchies().size());
        assertTrue(cg.hierarchies().contains(root.resolve("sys/fs/cgroup/unified")));
    }

    @Test
    void commaJoinedHierarchiesServeEachOfTheirControllers() {
        Cgroups cg = Cgroups.of(FakeTree.V1_JOINED_MOUNTINFO, root);
        assertEquals(CgroupVersion.V1, cg.version());
        Path joined = root.resolve("sys/fs/cgroup/cpu,cpuacct");
        assertEquals(Optional.of(joined), cg.mountPoint("cpu"));
        assertEquals(Optional.of(joined), cg.mountPoint("cpuacct"));
        assertEquals(Optional.of(root.resolve("sys/fs/cgroup/net_cls,net_prio")), cg.mountPoint("net_prio"));
        // Mount flags such as xattr, clone_children and release_agent= are not controllers.
        assertEquals(Set.of("cpu", "cpuacct", "net_cls", "net_prio", "memory", "pids", "cpuset"), cg.controllers());
        assertEquals(6, cg.hierarchies().size()); // each joined hierarchy counted once
        assertEquals(Optional.empty(), cg.unifiedMountPoint());
    }

    @Test
    void unifiedHostIsV2AndListsItsControllersFromTheRootCgroup() {
        new FakeTree(root).write("sys/fs/cgroup/cgroup.controllers", "cpuset cpu io memory hugetlb pids rdma misc\n");
        Cgroups cg = Cgroups.of(FakeTree.V2_MOUNTINFO, root);
        assertEquals(CgroupVersion.V2, cg.version());
        assertEquals(Optional.of(root.resolve("sys/fs/cgroup")), cg.unifiedMountPoint());
        assertEquals(Optional.empty(), cg.mountPoint("memory"));
        assertEquals(Set.of("cpuset", "cpu", "io", "memory", "hugetlb", "pids", "rdma", "misc"), cg.controllers());
        assertEquals(1, cg.hierarchies().size());
    }

    @Test
    void escapedMountPointsAreDecoded() {
        String mountinfo = "40 31 0:36 / /sys/fs/cgroup/my\\040pids rw,relatime - cgroup cgroup rw,pids\n";
        Cgroups cg = Cgroups.of(mountinfo, root);
        assertEquals(Optional.of(root.resolve("sys/fs/cgroup/my pids")), cg.mountPoint("pids"));
    }

    @Test
    void theFirstMountOfAHierarchyWinsOverLaterBindMounts() {
        String mountinfo = FakeTree.HYBRID_MOUNTINFO
                + "90 31 0:32 / /var/lib/other/memory rw,relatime - cgroup cgroup rw,memory\n"
                + "91 31 0:38 / /var/lib/other/unified rw,relatime - cgroup2 cgroup2 rw\n";
        Cgroups cg = Cgroups.of(mountinfo, root);
        assertEquals(Optional.of(root.resolve("sys/fs/cgroup/memory")), cg.mountPoint("memory"));
        assertEquals(Optional.of(root.resolve("sys/fs/cgroup/unified")), cg.unifiedMountPoint());
    }

    @Test
    void theHostsCgroup2IsPreferredOverAnEarlierOneElsewhere() {
        String mountinfo = "20 1 0:50 / /run/other rw - cgroup2 cgroup2 rw\n" + FakeTree.V2_MOUNTINFO;
        assertEquals(Optional.of(root.resolve("sys/fs/cgroup")), Cgroups.of(mountinfo, root).unifiedMountPoint());
    }

    @Test
    void onlyANamedV1HierarchyBesideCgroup2IsStillV2() {
        String mountinfo = FakeTree.V2_MOUNTINFO
                + "27 26 0:24 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd\n";
        Cgroups cg = Cgroups.of(mountinfo, root);
        assertEquals(CgroupVersion.V2, cg.version());
        assertEquals(2, cg.hierarchies().size()); // still cleaned up in both
    }

    @Test
    void noCgroupMountIsAFailedPrecondition() {
        HakoException e = assertThrows(HakoException.class,
                () -> Cgroups.of("22 29 0:21 / /proc rw - proc proc rw\n", root));
        assertEquals(ErrorKind.FAILED_PRECONDITION, e.kind());
        assertTrue(e.getMessage().contains("no cgroup file system"), e.getMessage());
    }

    @Test
    void aMalformedMountinfoLineIsNamed() {
        HakoException e = assertThrows(HakoException.class, () -> Cgroups.of("garbage line\n", root));
        assertTrue(e.getMessage().contains("garbage line"), e.getMessage());
    }

    @Test
    void detectReadsThisHost() {
        // No root needed: only /proc/self/mountinfo and /proc/meminfo are read.
        Cgroups cg = Cgroups.detect();
        assertTrue(!cg.hierarchies().isEmpty(), cg.toString());
    }
}
