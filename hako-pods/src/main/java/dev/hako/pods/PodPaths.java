package dev.hako.pods;

import java.nio.file.Path;

/** Where a pod's state lives: {@code <state>/pods/<id>/} with the pinned namespaces and the files. */
public record PodPaths(Path root) {
    public Path dir(String id) {
        return root.resolve(id);
    }

    public Path namespaces(String id) {
        return dir(id).resolve("ns");
    }

    public Path hostname(String id) {
        return dir(id).resolve("hostname");
    }

    public Path hosts(String id) {
        return dir(id).resolve("hosts");
    }

    public Path resolvConf(String id) {
        return dir(id).resolve("resolv.conf");
    }
}
