package dev.hako.spec;

import dev.hako.spec.user.ResolvedUser;
import dev.hako.spec.user.RootPath;
import dev.hako.spec.user.UserResolver;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The process of {@code hako exec}, for {@code runc exec --process FILE}: the container's process with
 * the exec's command, environment on top of the container's, user (resolved in the container's files),
 * working directory and terminal. {@code --privileged} gives every capability hakod holds; the
 * container's seccomp filter still applies (the runtime takes it from the container), as with docker.
 * The working directory is not created: exec into a missing directory fails as with docker.
 */
public final class ExecProcesses {
    private ExecProcesses() {}

    public static Spec.Process build(Spec container, ExecSettings exec, RootPath rootfs, HostLimits host) throws IOException {
        Spec.Process p = container.process.copy();
        p.args = new ArrayList<>(exec.cmd());
        List<String> env = new ArrayList<>(p.env);
        if (exec.tty() && !Env.has(env, "TERM")) {
            env.add("TERM=xterm");
        }
        p.env = new ArrayList<>(Env.merge(env, exec.env()));
        if (exec.user() != null) {
            ResolvedUser u = UserResolver.resolve(exec.user(), rootfs);
            p.user.uid = u.uid();
            p.user.gid = u.gid();
            p.user.additionalGids = new ArrayList<>(u.additionalGids());
        }
        if (exec.workingDir() != null) {
            p.cwd = exec.workingDir();
        }
        p.terminal = exec.tty();
        // The oom score belongs to the container; runc exec ignores it.
        p.oomScoreAdj = null;
        List<String> bounding = container.process.capabilities == null ? List.of() : container.process.capabilities.bounding;
        CapabilitySets.apply(p, exec.privileged() ? CapabilitySets.all(host) : bounding);
        return p;
    }
}
