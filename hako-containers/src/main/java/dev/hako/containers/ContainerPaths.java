package dev.hako.containers;

import dev.hako.monitor.MonitorPaths;
import dev.hako.spec.NameFiles;
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

    /** The hosts, hostname and resolv.conf written for a container on its own, in its bundle. */
    public NameFiles nameFiles(String id) {
        return NameFiles.in(bundle(id));
    }

    /** The files the container's /etc names are bound from: its own, or its pod's. */
    public NameFiles nameFiles(String id, ContainerOptions options) {
        PodMembership pod = options.pod();
        return pod != null ? pod.nameFiles() : nameFiles(id);
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

    /** The container's CRI log file: the one its pod's kubelet chose, else hako's own. */
    public Path log(String id, ContainerOptions options) {
        PodMembership pod = options.pod();
        return pod != null && !pod.logPath().isEmpty() ? Path.of(pod.logPath()) : log(id);
    }

    /** Where the container's monitor keeps its files: every call to the monitor is keyed by it. */
    public MonitorPaths monitor(String id) {
        return new MonitorPaths(id, bundle(id), monitorDir(id), exitDir());
    }
}
