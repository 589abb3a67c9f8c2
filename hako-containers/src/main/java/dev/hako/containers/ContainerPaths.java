package dev.hako.containers;

import java.nio.file.Path;

/**
 * Where a container's files live. Runtime state (bundle, mounted root, conmon's files) is under
 * the state directory, gone at reboot like the processes; logs are under the root directory.
 */
public record ContainerPaths(Path stateRoot, Path persistentRoot) {
    public Path bundle(String id) {
        return stateRoot.resolve(id);
    }

    public Path rootfs(String id) {
        return bundle(id).resolve("rootfs");
    }

    public Path configJson(String id) {
        return bundle(id).resolve("config.json");
    }

    public Path hosts(String id) {
        return bundle(id).resolve("hosts");
    }

    public Path hostname(String id) {
        return bundle(id).resolve("hostname");
    }

    public Path resolvConf(String id) {
        return bundle(id).resolve("resolv.conf");
    }

    /** conmon's own files: pid files, the attach socket and the control FIFO. */
    public Path monitorDir(String id) {
        return bundle(id).resolve("monitor");
    }

    /** conmon writes the exit code of container ID to the file ID here. */
    public Path exitDir() {
        return stateRoot.resolve("exits");
    }

    public Path logDir(String id) {
        return persistentRoot.resolve(id);
    }

    public Path log(String id) {
        return logDir(id).resolve("container.log");
    }
}
