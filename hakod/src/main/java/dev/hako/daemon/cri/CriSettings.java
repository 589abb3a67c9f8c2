package dev.hako.daemon.cri;

import dev.hako.daemon.DaemonPaths;
import dev.hako.daemon.HakoConfig;
import dev.hako.runtime.HandlerConfig;
import java.nio.file.Path;
import java.util.Optional;

/**
 * hakod's effective settings, as the CRI's answers show them: the verbose Status' config, each
 * container's runtime options, where writable layers live.
 *
 * @param cniCacheDir where the CNI results of the pods' networks are cached
 * @param restrictOomScoreAdj true when hakod cannot lower an OOM score (no CAP_SYS_RESOURCE), so a
 *     negative oom_score_adj is raised to 0, as containerd's restrictOOMScoreAdj does
 */
public record CriSettings(DaemonPaths paths, HakoConfig config, Path cniCacheDir, boolean restrictOomScoreAdj) {

    /** The snapshotter's root: writable layers and image layers are under it. */
    public Path snapshotRoot() {
        return paths.snapshots();
    }

    /** The handler by this name, with its root resolved under the state directory. */
    public Optional<HandlerConfig> handler(String name) {
        return config.runtime().resolved(paths.state()).stream().filter(h -> h.name().equals(name)).findFirst();
    }
}
