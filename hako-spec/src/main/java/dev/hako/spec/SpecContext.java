package dev.hako.spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What the container service has prepared for one container, and what the host allows.
 *
 * @param containerId the container's id
 * @param rootfs the container's mounted root file system on the host; /etc/passwd and /etc/group are
 *     read from it and the working directory is created in it
 * @param hostname the container's hostname, as the caller wrote it to /etc/hostname and /etc/hosts
 *     (see {@link ContainerSettings#hostnameFor})
 * @param nameFiles the files to bind-mount on /etc/hosts, /etc/hostname and /etc/resolv.conf; null: none
 * @param cgroupsPath the spec's cgroupsPath (the runtime creates the cgroup there)
 * @param host what the host allows
 * @param hostDevices device nodes a privileged container gets ({@link HostDevices#scan}); ignored otherwise
 * @param pod the pod's namespaces a container of a pod joins; null for a container on its own
 */
public record SpecContext(
        String containerId,
        Path rootfs,
        String hostname,
        NameFiles nameFiles,
        String cgroupsPath,
        HostLimits host,
        List<Spec.Device> hostDevices,
        PodNamespaces pod) {

    public SpecContext {
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(rootfs, "rootfs");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(host, "host");
        hostDevices = hostDevices == null ? List.of() : List.copyOf(hostDevices);
    }

    public static Builder builder(String containerId, Path rootfs, String hostname) {
        return new Builder(containerId, rootfs, hostname);
    }

    public static final class Builder {
        private final String containerId;
        private final Path rootfs;
        private final String hostname;
        private NameFiles nameFiles;
        private String cgroupsPath;
        private HostLimits host = HostLimits.unrestricted();
        private List<Spec.Device> hostDevices = List.of();
        private PodNamespaces pod;

        private Builder(String containerId, Path rootfs, String hostname) {
            this.containerId = containerId;
            this.rootfs = rootfs;
            this.hostname = hostname;
        }

        public Builder nameFiles(NameFiles v) { nameFiles = v; return this; }
        public Builder cgroupsPath(String v) { cgroupsPath = v; return this; }
        public Builder host(HostLimits v) { host = v; return this; }
        public Builder hostDevices(List<Spec.Device> v) { hostDevices = v; return this; }
        public Builder pod(PodNamespaces v) { pod = v; return this; }

        public SpecContext build() {
            return new SpecContext(containerId, rootfs, hostname, nameFiles,
                    cgroupsPath, host, hostDevices, pod);
        }
    }
}
