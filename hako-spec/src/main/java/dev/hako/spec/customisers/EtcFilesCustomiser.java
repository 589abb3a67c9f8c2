package dev.hako.spec.customisers;

import dev.hako.spec.NameFiles;
import dev.hako.spec.Spec;
import dev.hako.spec.SpecCustomiser;
import dev.hako.spec.SpecInput;
import java.nio.file.Path;
import java.util.List;

/**
 * The hostname, and the per-container /etc/hostname, /etc/hosts and /etc/resolv.conf the caller wrote,
 * bind-mounted over the image's (read-only with a read-only root, as docker). Runs after the user's
 * mounts: a volume the user put on one of these files wins.
 */
public final class EtcFilesCustomiser implements SpecCustomiser {
    @Override
    public void customise(Spec spec, SpecInput input) {
        spec.hostname = input.context().hostname();
        String rw = input.settings().readOnlyRoot() ? "ro" : "rw";
        NameFiles files = input.context().nameFiles();
        if (files != null) {
            bind(spec, files.hostname(), "/etc/hostname", rw);
            bind(spec, files.hosts(), "/etc/hosts", rw);
            bind(spec, files.resolvConf(), "/etc/resolv.conf", rw);
        }
    }

    private static void bind(Spec spec, Path file, String target, String rw) {
        if (spec.mount(target).isEmpty()) {
            spec.mounts.add(new Spec.Mount(target, "bind", file.toString(), List.of("rbind", "rprivate", rw)));
        }
    }
}
