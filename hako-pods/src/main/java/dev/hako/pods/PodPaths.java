package dev.hako.pods;

import dev.hako.spec.NameFiles;
import java.nio.file.Path;

/** Where a pod's state lives: {@code <state>/pods/<id>/} with the pinned namespaces and the files. */
public record PodPaths(Path root) {
    public Path dir(String id) {
        return root.resolve(id);
    }

    public Path namespaces(String id) {
        return dir(id).resolve("ns");
    }

    /** The shared PID namespace's pin (pods with a pause process only). */
    public Path pidNamespace(String id) {
        return namespaces(id).resolve("pid");
    }

    public Path pausePid(String id) {
        return dir(id).resolve("pause.pid");
    }

    /** The hosts, hostname and resolv.conf every container of the pod binds. */
    public NameFiles nameFiles(String id) {
        return NameFiles.in(dir(id));
    }
}
