package dev.hako.daemon;

import dev.hako.runtime.HandlerConfig;
import dev.hako.runtime.Isolation;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code [runtime]} and {@code [runtimes.NAME]} of hako.toml. A handler's root of null means
 * {@code <state>/<name>}; a path of null means "found on PATH".
 */
public record RuntimeSettings(String defaultHandler, Map<String, HandlerConfig> handlers, Path conmon, String cgroupParent) {
    public static final String DEFAULT_CGROUP_PARENT = "/hako";

    public RuntimeSettings {
        handlers = Map.copyOf(new LinkedHashMap<>(handlers));
    }

    /** runc and crun, found on PATH; runc is the default (crun refuses this machine's hybrid cgroups). */
    public static RuntimeSettings defaults() {
        Map<String, HandlerConfig> handlers = new LinkedHashMap<>();
        handlers.put("runc", new HandlerConfig("runc", null, null, Isolation.NAMESPACES, List.of()));
        handlers.put("crun", new HandlerConfig("crun", null, null, Isolation.NAMESPACES, List.of()));
        return new RuntimeSettings("runc", handlers, null, DEFAULT_CGROUP_PARENT);
    }

    /** The handlers with their roots filled in under the state directory. */
    public List<HandlerConfig> resolved(Path stateDir) {
        return handlers.values().stream()
                .map(h -> h.root() != null ? h : new HandlerConfig(h.name(), h.path(), stateDir.resolve(h.name()),
                        h.isolation(), h.args()))
                .toList();
    }
}
