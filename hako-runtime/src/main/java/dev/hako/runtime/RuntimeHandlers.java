package dev.hako.runtime;

import dev.hako.errdefs.HakoException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The configured runtime handlers by name, and which one containers get when they name none. */
public final class RuntimeHandlers {
    /** The default handler on these machines: crun refuses hybrid cgroups, runc does not. */
    public static final String DEFAULT_HANDLER = "runc";

    private final Map<String, RuntimeHandler> byName = new LinkedHashMap<>();
    private final String defaultName;

    public RuntimeHandlers(List<RuntimeHandler> handlers, String defaultName) {
        for (RuntimeHandler h : handlers) {
            if (byName.putIfAbsent(h.name(), h) != null) {
                throw HakoException.invalid("runtime handler %s is configured twice", h.name());
            }
        }
        if (!byName.containsKey(defaultName)) {
            throw HakoException.invalid("default runtime handler %s is not configured: configured handlers are %s",
                    defaultName, names());
        }
        this.defaultName = defaultName;
    }

    /** One {@link OciRuntimeCli} per configuration. */
    public static RuntimeHandlers of(List<HandlerConfig> configs, String defaultName) {
        return new RuntimeHandlers(configs.stream().<RuntimeHandler>map(OciRuntimeCli::new).toList(), defaultName);
    }

    /**
     * What hako.toml means when it configures no runtime: runc and crun, each found on PATH, with
     * its state under {@code stateDir} (for example /run/hako/runc), isolating by namespaces.
     */
    public static List<HandlerConfig> defaultConfigs(Path stateDir) {
        return List.of(
                new HandlerConfig("runc", null, stateDir.resolve("runc"), Isolation.NAMESPACES, List.of()),
                new HandlerConfig("crun", null, stateDir.resolve("crun"), Isolation.NAMESPACES, List.of()));
    }

    /** The handlers of {@link #defaultConfigs}, runc the default. */
    public static RuntimeHandlers defaults(Path stateDir) {
        return of(defaultConfigs(stateDir), DEFAULT_HANDLER);
    }

    /** The handler named {@code name}; the default one when {@code name} is null or empty. */
    public RuntimeHandler get(String name) {
        if (name == null || name.isEmpty()) {
            return defaultHandler();
        }
        RuntimeHandler h = byName.get(name);
        if (h == null) {
            throw HakoException.invalid("unknown runtime handler %s: configured handlers are %s", name,
                    String.join(", ", names()));
        }
        return h;
    }

    public Optional<RuntimeHandler> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public RuntimeHandler defaultHandler() {
        return byName.get(defaultName);
    }

    public String defaultName() {
        return defaultName;
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    public List<RuntimeHandler> all() {
        return List.copyOf(byName.values());
    }

    /** Each handler as {@code hako info} shows it; runs each found binary's --version. */
    public List<HandlerInfo> info() {
        List<HandlerInfo> info = new ArrayList<>();
        for (RuntimeHandler h : byName.values()) {
            Optional<Path> binary = h.binary();
            String wanted = h.config().path() != null ? h.config().path().toString() : h.name();
            info.add(new HandlerInfo(h.name(), binary.map(Path::toString).orElse(wanted), binary.isPresent(),
                    binary.isPresent() ? h.version().orElse("") : "", h.config().isolation(), h.config().root(),
                    h.name().equals(defaultName)));
        }
        return info;
    }
}
