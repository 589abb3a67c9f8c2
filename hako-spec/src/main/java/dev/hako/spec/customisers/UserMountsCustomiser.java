package dev.hako.spec.customisers;

import dev.hako.errdefs.HakoException;
import dev.hako.spec.ContainerSettings;
import dev.hako.spec.Spec;
import dev.hako.spec.SpecCustomiser;
import dev.hako.spec.SpecInput;
import dev.hako.spec.Tmpfs;
import dev.hako.spec.Volume;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Volumes ({@code -v}) and tmpfs mounts ({@code --tmpfs}). A user mount replaces a default mount on
 * the same target (a user's /dev replaces every default below /dev too, as docker does). User mounts
 * are ordered by depth so that a mount inside another one's target comes after it. Bind mounts are
 * recursive and private unless a propagation is asked for: by default mounts the container makes do
 * not leak back to the host.
 */
public final class UserMountsCustomiser implements SpecCustomiser {
    @Override
    public void customise(Spec spec, SpecInput input) {
        ContainerSettings s = input.settings();
        List<Spec.Mount> user = new ArrayList<>();
        for (Volume v : s.volumes()) {
            if (!Files.exists(Path.of(v.source()))) {
                throw HakoException.invalid("volume source %s does not exist on the host", v.source());
            }
            user.add(new Spec.Mount(v.target(), "bind", v.source(), List.of("rbind", v.propagation(), v.readOnly() ? "ro" : "rw")));
            // Mounts can only propagate out of, or into, a root whose own propagation allows it (as containerd sets it).
            if (v.propagation().endsWith("shared")) {
                spec.linux.rootfsPropagation = "rshared";
            } else if (v.propagation().endsWith("slave") && !"rshared".equals(spec.linux.rootfsPropagation)) {
                spec.linux.rootfsPropagation = "rslave";
            }
        }
        for (Tmpfs t : s.tmpfs()) {
            user.add(new Spec.Mount(t.target(), "tmpfs", "tmpfs", t.mergedOptions()));
        }
        Set<String> targets = new HashSet<>();
        user.forEach(m -> targets.add(m.destination));
        boolean userDev = targets.contains("/dev");
        spec.mounts.removeIf(m -> targets.contains(m.destination) || (userDev && m.destination.startsWith("/dev/")));
        user.sort(Comparator.comparingInt(m -> depth(m.destination)));
        spec.mounts.addAll(user);
    }

    private static int depth(String path) {
        return path.equals("/") ? 0 : (int) path.chars().filter(c -> c == '/').count();
    }
}
