package dev.hako.spec.seccomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.spec.CapabilitySets;
import dev.hako.spec.Spec;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DefaultProfileTest {
    private static final KernelVersion KERNEL = new KernelVersion(6, 1);
    private static final Set<String> DEFAULT_CAPS = new HashSet<>(CapabilitySets.DEFAULT);

    private static Spec.Seccomp resolve(Set<String> caps) {
        return SeccompProfiles.defaultProfile().resolve(caps, SeccompArch.AMD64, KERNEL);
    }

    /** Names allowed whatever their arguments. */
    private static Set<String> allowedWithoutConditions(Spec.Seccomp s) {
        return s.syscalls.stream()
                .filter(r -> r.action.equals("SCMP_ACT_ALLOW") && r.args.isEmpty())
                .flatMap(r -> r.names.stream())
                .collect(Collectors.toSet());
    }

    private static Set<String> named(Spec.Seccomp s) {
        return s.syscalls.stream().flatMap(r -> r.names.stream()).collect(Collectors.toSet());
    }

    @Test
    void refusesEverythingElseWithEperm() {
        Spec.Seccomp s = resolve(DEFAULT_CAPS);
        assertEquals("SCMP_ACT_ERRNO", s.defaultAction);
        assertEquals(1, s.defaultErrnoRet);
    }

    @ParameterizedTest
    @ValueSource(strings = {"unshare", "setns", "mount", "umount", "umount2", "pivot_root", "keyctl", "add_key",
        "request_key", "reboot", "kexec_load", "kexec_file_load", "bpf", "init_module", "finit_module",
        "delete_module", "open_by_handle_at", "swapon", "swapoff", "userfaultfd", "perf_event_open",
        "io_uring_setup", "io_uring_enter", "sethostname", "settimeofday", "clock_settime", "acct", "iopl",
        "ioperm", "fsopen", "fsmount", "move_mount", "open_tree", "syslog", "kcmp", "vhangup", "mbind",
        "lookup_dcookie", "quotactl", "nfsservctl", "uselib"})
    void blocksCallsThatReachOutsideTheContainer(String syscall) {
        assertFalse(named(resolve(DEFAULT_CAPS)).contains(syscall), syscall + " must not be allowed by default");
    }

    @ParameterizedTest
    @ValueSource(strings = {"read", "write", "openat", "close", "execve", "fork", "vfork", "wait4", "exit_group",
        "rt_sigaction", "rt_sigreturn", "getdents64", "newfstatat", "statx", "ioctl", "dup2", "pipe2", "fcntl",
        "chdir", "getcwd", "mmap", "brk", "futex", "clock_gettime", "nanosleep", "kill", "getuid", "setuid",
        "setgroups", "chown", "mknod", "chroot", "socketpair", "connect", "sendto", "uname", "prctl",
        "arch_prctl", "set_tid_address", "rseq", "ptrace", "getrandom", "umask", "sysinfo", "prlimit64",
        "modify_ldt", "epoll_pwait", "setpgid", "getpgrp", "wait4", "times", "utimensat"})
    void allowsWhatAShellAndBusyboxNeed(String syscall) {
        assertTrue(allowedWithoutConditions(resolve(DEFAULT_CAPS)).contains(syscall), syscall + " must be allowed");
    }

    @Test
    void cloneIsAllowedOnlyWithoutNamespaceFlags() {
        List<Spec.Syscall> clone = resolve(DEFAULT_CAPS).syscalls.stream().filter(r -> r.names.contains("clone")).toList();
        assertEquals(1, clone.size());
        Spec.Syscall r = clone.getFirst();
        assertEquals(List.of("clone"), r.names);
        assertEquals("SCMP_ACT_ALLOW", r.action);
        assertEquals(1, r.args.size());
        Spec.SyscallArg a = r.args.getFirst();
        assertEquals(0, a.index);
        // CLONE_NEWNS | NEWCGROUP | NEWUTS | NEWIPC | NEWUSER | NEWPID | NEWNET
        assertEquals(0x00020000L | 0x02000000L | 0x04000000L | 0x08000000L | 0x10000000L | 0x20000000L | 0x40000000L, a.value);
        assertEquals(0x7E020000L, a.value);
        assertEquals(0, a.valueTwo);
        assertEquals("SCMP_CMP_MASKED_EQ", a.op);
    }

    @Test
    void clone3AnswersEnosysSoThatLibcFallsBack() {
        Spec.Syscall r = resolve(DEFAULT_CAPS).syscalls.stream().filter(x -> x.names.contains("clone3")).findFirst().orElseThrow();
        assertEquals("SCMP_ACT_ERRNO", r.action);
        assertEquals(38, r.errnoRet);
    }

    @Test
    void personalityOnlyWithSafeArguments() {
        List<Spec.Syscall> rules = resolve(DEFAULT_CAPS).syscalls.stream().filter(r -> r.names.contains("personality")).toList();
        assertFalse(rules.isEmpty());
        Set<Long> values = new HashSet<>();
        for (Spec.Syscall r : rules) {
            assertEquals(List.of("personality"), r.names);
            assertEquals(1, r.args.size());
            assertEquals("SCMP_CMP_EQ", r.args.getFirst().op);
            values.add(r.args.getFirst().value);
        }
        // PER_LINUX, PER_LINUX32, UNAME26, UNAME26|PER_LINUX32, 0xffffffff (query). Not ADDR_NO_RANDOMIZE (0x0040000).
        assertEquals(Set.of(0L, 8L, 0x20000L, 0x20008L, 0xffffffffL), values);
    }

    @Test
    void socketRefusesOnlyVsock() {
        Spec.Syscall r = resolve(DEFAULT_CAPS).syscalls.stream().filter(x -> x.names.contains("socket")).findFirst().orElseThrow();
        assertEquals(List.of("socket"), r.names);
        assertEquals(40, r.args.getFirst().value);
        assertEquals("SCMP_CMP_NE", r.args.getFirst().op);
    }

    @Test
    void sysAdminBringsBackNamespacesAndMountsAndLiftsTheCloneFilter() {
        Set<String> caps = new HashSet<>(DEFAULT_CAPS);
        caps.add("CAP_SYS_ADMIN");
        Spec.Seccomp s = resolve(caps);
        Set<String> allowed = allowedWithoutConditions(s);
        assertTrue(allowed.containsAll(List.of("mount", "umount2", "unshare", "setns", "clone", "clone3")));
        assertTrue(s.syscalls.stream().noneMatch(r -> r.names.contains("clone") && !r.args.isEmpty()));
        assertTrue(s.syscalls.stream().noneMatch(r -> r.names.contains("clone3") && r.action.equals("SCMP_ACT_ERRNO")));
        assertFalse(named(s).contains("keyctl"), "no capability brings keyctl back");
        assertFalse(named(s).contains("kexec_load"));
    }

    @Test
    void otherCapabilitiesBringBackTheirOwnCalls() {
        Set<String> caps = new HashSet<>(DEFAULT_CAPS);
        caps.addAll(List.of("CAP_SYS_TIME", "CAP_SYS_BOOT", "CAP_SYS_PTRACE"));
        Set<String> allowed = allowedWithoutConditions(resolve(caps));
        assertTrue(allowed.containsAll(List.of("settimeofday", "clock_settime", "reboot", "kcmp", "process_madvise")));
        assertFalse(allowed.contains("mount"));
    }

    @Test
    void withoutSysChrootThereIsNoChroot() {
        Set<String> caps = new HashSet<>(DEFAULT_CAPS);
        caps.remove("CAP_SYS_CHROOT");
        assertFalse(named(resolve(caps)).contains("chroot"));
    }

    @Test
    void ptraceFollowsDockerFromLinux48() {
        assertTrue(allowedWithoutConditions(resolve(DEFAULT_CAPS)).contains("ptrace"));
        Spec.Seccomp old = SeccompProfiles.defaultProfile().resolve(DEFAULT_CAPS, SeccompArch.AMD64, new KernelVersion(4, 4));
        assertFalse(named(old).contains("ptrace"));
    }

    @Test
    void architecturesOfX86AndArm() {
        assertEquals(List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"), resolve(DEFAULT_CAPS).architectures);
        Spec.Seccomp arm = SeccompProfiles.defaultProfile().resolve(DEFAULT_CAPS, SeccompArch.ARM64, KERNEL);
        assertEquals(List.of("SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"), arm.architectures);
        assertTrue(allowedWithoutConditions(arm).contains("set_tls"));
        assertFalse(named(arm).contains("arch_prctl"), "x86-only calls stay out on arm64");
        assertFalse(named(resolve(DEFAULT_CAPS)).contains("set_tls"), "arm-only calls stay out on x86-64");
    }

    @Test
    void rulesCarryNoConditionsIntoTheSpec() {
        Spec.Seccomp s = resolve(DEFAULT_CAPS);
        String json = new String(dev.hako.oci.Json.write(s));
        assertFalse(json.contains("includes"));
        assertFalse(json.contains("comment"));
        assertNull(s.syscalls.stream().filter(r -> r.names.contains("read")).findFirst().orElseThrow().errnoRet);
    }
}
