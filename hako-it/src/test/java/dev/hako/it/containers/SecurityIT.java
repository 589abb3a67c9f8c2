package dev.hako.it.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.testkit.daemon.CliResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Capabilities, seccomp, no-new-privileges, masked and read-only /proc paths, --privileged. */
class SecurityIT extends ContainerTestBase {
    // docker's default set: CHOWN DAC_OVERRIDE FOWNER FSETID KILL SETGID SETUID SETPCAP NET_BIND_SERVICE
    // NET_RAW SYS_CHROOT MKNOD AUDIT_WRITE SETFCAP
    private static final long DEFAULT_CAPS = 0x00000000a80425fbL;
    private static final int CAP_NET_RAW = 13;
    private static final int CAP_SYS_ADMIN = 21;

    private long effectiveCaps(List<String> flags) {
        CliResult r = sh(flags, "grep CapEff /proc/self/status");
        return Long.parseUnsignedLong(r.requireSuccess().stdout().strip().split("\\s+")[1], 16);
    }

    @Test
    void theDefaultCapabilitiesAreDockersAndCanBeChanged() {
        assertEquals(DEFAULT_CAPS, effectiveCaps(List.of()));
        long dropped = effectiveCaps(List.of("--cap-drop", "NET_RAW"));
        assertEquals(0, dropped & (1L << CAP_NET_RAW), "NET_RAW still there");
        assertEquals(DEFAULT_CAPS & ~(1L << CAP_NET_RAW), dropped);
        long added = effectiveCaps(List.of("--cap-add", "SYS_ADMIN"));
        assertNotEquals(0, added & (1L << CAP_SYS_ADMIN));
        assertEquals(0, effectiveCaps(List.of("--cap-drop", "ALL")));
        CliResult bad = hako("run", "--rm", "--cap-add", "NOT_A_CAP", IMAGE, "true");
        assertNotEquals(0, bad.exitCode());
        assertTrue(bad.stderr().contains("NOT_A_CAP"), bad.toString());
    }

    @Test
    void aDroppedCapabilityIsReallyMissing() {
        // chown needs CAP_CHOWN even for root.
        assertEquals(0, sh(List.of(), "touch /tmp/f && chown 1000 /tmp/f").exitCode());
        CliResult denied = sh(List.of("--cap-drop", "CHOWN"), "touch /tmp/f && chown 1000 /tmp/f");
        assertNotEquals(0, denied.exitCode());
        assertTrue(denied.stderr().contains("Operation not permitted"), denied.toString());
    }

    @Test
    void theDefaultSeccompProfileBlocksNamespaceCreation() {
        // A user namespace needs no capability: only seccomp stands in the way.
        CliResult blocked = sh(List.of(), "unshare -U true");
        assertNotEquals(0, blocked.exitCode(), blocked.toString());
        assertTrue(blocked.stderr().contains("Operation not permitted"), blocked.toString());
        assertEquals(0, sh(List.of("--security-opt", "seccomp=unconfined"), "unshare -U true").exitCode());
        CliResult mount = sh(List.of("--cap-add", "SYS_ADMIN", "--security-opt", "seccomp=unconfined"),
                "mount -t tmpfs none /tmp && echo mounted");
        assertEquals("mounted\n", mount.requireSuccess().stdout());
        assertEquals("Seccomp:\t2\n", sh(List.of(), "grep '^Seccomp:' /proc/self/status").requireSuccess().stdout());
    }

    @Test
    void aCustomSeccompProfileFromAFile() throws Exception {
        Path profile = Files.createTempFile("hako-it-seccomp", ".json");
        try {
            // Everything allowed but mkdir: the error proves the profile was applied.
            Files.writeString(profile, """
                    {"defaultAction": "SCMP_ACT_ALLOW",
                     "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO"}]}""");
            CliResult r = sh(List.of("--security-opt", "seccomp=" + profile), "mkdir /tmp/x");
            assertNotEquals(0, r.exitCode(), r.toString());
            assertTrue(r.stderr().contains("Operation not permitted"), r.toString());
        } finally {
            Files.delete(profile);
        }
    }

    @Test
    void noNewPrivilegesMaskedAndReadOnlyPaths() {
        assertEquals("NoNewPrivs:\t1\n", sh(List.of("--security-opt", "no-new-privileges"),
                "grep NoNewPrivs /proc/self/status").requireSuccess().stdout());
        // /proc/timer_list exists on this kernel and holds text; masked, it reads as /dev/null does.
        assertEquals("0\n", sh(List.of(), "wc -c < /proc/timer_list").requireSuccess().stdout().strip() + "\n",
                "/proc/timer_list is masked");
        assertEquals("tmpfs\n", sh(List.of(), "grep ' /proc/acpi ' /proc/mounts | cut -d' ' -f3").requireSuccess().stdout(),
                "a masked directory is covered by an empty read-only tmpfs");
        CliResult sysctl = sh(List.of(), "echo 1 > /proc/sys/vm/drop_caches");
        assertNotEquals(0, sysctl.exitCode(), "/proc/sys is read-only");
        assertTrue(sysctl.stderr().contains("Read-only file system"), sysctl.toString());
    }

    @Test
    void privilegedLiftsTheRestrictions() {
        long caps = effectiveCaps(List.of("--privileged"));
        assertNotEquals(0, caps & (1L << CAP_SYS_ADMIN));
        assertEquals("Seccomp:\t0\n", sh(List.of("--privileged"), "grep '^Seccomp:' /proc/self/status").requireSuccess().stdout());
        assertEquals("mounted\n", sh(List.of("--privileged"), "mount -t tmpfs none /tmp && echo mounted")
                .requireSuccess().stdout());
    }
}
