package dev.hako.spec.customisers;

import dev.hako.spec.Spec;
import dev.hako.spec.SpecCustomiser;
import dev.hako.spec.SpecInput;
import dev.hako.spec.user.RootPath;
import java.io.IOException;

/**
 * Creates the working directory in the root file system when the image lacks it, so the process can
 * start there. New directories belong to the process's user (as podman does; docker's legacy
 * storage makes them root's), so a non-root process can write to its own working directory. Runs
 * after {@link UserCustomiser}; it is the one customiser that changes the root file system.
 */
public final class WorkingDirCustomiser implements SpecCustomiser {
    @Override
    public void customise(Spec spec, SpecInput input) throws IOException {
        try (RootPath root = RootPath.open(input.context().rootfs())) {
            root.mkdirs(spec.process.cwd, spec.process.user.uid, spec.process.user.gid);
        }
    }
}
