package dev.hako.spec.customisers;

import dev.hako.spec.Spec;
import dev.hako.spec.SpecCustomiser;
import dev.hako.spec.SpecInput;
import java.util.List;

/**
 * The file systems every container has, with docker's and containerd's options: its own /proc, a
 * small tmpfs /dev (the runtime adds the standard device nodes), a private devpts instance (gid 5 is
 * "tty" in every common image), a 64 MiB /dev/shm, its own POSIX message queues, and /sys and the
 * cgroup tree read-only.
 */
public final class DefaultMountsCustomiser implements SpecCustomiser {
    @Override
    public void customise(Spec spec, SpecInput input) {
        spec.mounts.addAll(List.of(
                new Spec.Mount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")),
                new Spec.Mount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")),
                new Spec.Mount("/dev/pts", "devpts", "devpts",
                        List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")),
                new Spec.Mount("/dev/shm", "tmpfs", "shm", List.of("nosuid", "noexec", "nodev", "mode=1777", "size=65536k")),
                new Spec.Mount("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")),
                new Spec.Mount("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro")),
                new Spec.Mount("/sys/fs/cgroup", "cgroup", "cgroup", List.of("nosuid", "noexec", "nodev", "relatime", "ro"))));
    }
}
