package dev.hako.spec.customisers;

import dev.hako.spec.Spec;
import dev.hako.spec.SpecCustomiser;
import dev.hako.spec.SpecInput;

/**
 * The root file system: the caller's mount, read-only with {@code --read-only}. The default mounts
 * that stay writable with a read-only root (/proc, /dev and its children) are writable in docker too;
 * /sys and /sys/fs/cgroup are read-only anyway.
 */
public final class RootfsCustomiser implements SpecCustomiser {
    @Override
    public void customise(Spec spec, SpecInput input) {
        spec.root = new Spec.Root(input.context().rootfs().toString(), input.settings().readOnlyRoot());
    }
}
