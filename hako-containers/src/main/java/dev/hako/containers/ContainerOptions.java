package dev.hako.containers;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.hako.spec.NetworkMode;
import dev.hako.spec.SeccompSetting;
import dev.hako.spec.Tmpfs;
import dev.hako.spec.Volume;
import java.util.List;
import java.util.Map;

/**
 * What a container was asked to be (the flags of {@code hako create}/{@code run}, or a CRI
 * ContainerConfig), kept in the database so that inspect shows it and a restart builds the same
 * container again. Mounts, seccomp and the network are the typed records both APIs build, each from
 * its own wire form; rows of earlier versions, which held the CLI's strings, still load
 * ({@link StoredForms}). {@code pod} is null for a container on its own; {@code linux} holds the
 * CRI's extra Linux settings (null: none).
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record ContainerOptions(
        String name,
        String image,
        List<String> entrypoint,
        List<String> cmd,
        List<String> env,
        String workingDir,
        String user,
        @JsonDeserialize(contentUsing = StoredForms.VolumeForm.class) List<Volume> volumes,
        @JsonDeserialize(contentUsing = StoredForms.TmpfsForm.class) List<Tmpfs> tmpfs,
        boolean readOnly,
        String hostname,
        long memoryBytes,
        long nanoCpus,
        long pidsLimit,
        List<String> capAdd,
        List<String> capDrop,
        boolean privileged,
        @JsonDeserialize(using = StoredForms.SeccompForm.class) SeccompSetting seccomp,
        boolean noNewPrivileges,
        @JsonDeserialize(using = StoredForms.NetworkForm.class) NetworkMode network,
        String runtime,
        boolean tty,
        boolean openStdin,
        boolean stdinOnce,
        boolean autoRemove,
        Map<String, String> labels,
        PodMembership pod,
        LinuxOptions linux) {

    /** A container on its own, not in a pod. */
    public ContainerOptions(String name, String image, List<String> entrypoint, List<String> cmd, List<String> env,
                            String workingDir, String user, List<Volume> volumes, List<Tmpfs> tmpfs, boolean readOnly,
                            String hostname, long memoryBytes, long nanoCpus, long pidsLimit, List<String> capAdd,
                            List<String> capDrop, boolean privileged, SeccompSetting seccomp, boolean noNewPrivileges,
                            NetworkMode network, String runtime, boolean tty, boolean openStdin, boolean stdinOnce,
                            boolean autoRemove, Map<String, String> labels) {
        this(name, image, entrypoint, cmd, env, workingDir, user, volumes, tmpfs, readOnly, hostname, memoryBytes,
                nanoCpus, pidsLimit, capAdd, capDrop, privileged, seccomp, noNewPrivileges, network, runtime, tty,
                openStdin, stdinOnce, autoRemove, labels, null, null);
    }

    public ContainerOptions {
        cmd = cmd == null ? List.of() : List.copyOf(cmd);
        env = env == null ? List.of() : List.copyOf(env);
        volumes = volumes == null ? List.of() : List.copyOf(volumes);
        tmpfs = tmpfs == null ? List.of() : List.copyOf(tmpfs);
        capAdd = capAdd == null ? List.of() : List.copyOf(capAdd);
        capDrop = capDrop == null ? List.of() : List.copyOf(capDrop);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
        name = name == null ? "" : name;
        workingDir = workingDir == null ? "" : workingDir;
        user = user == null ? "" : user;
        hostname = hostname == null ? "" : hostname;
        seccomp = seccomp == null ? SeccompSetting.DEFAULT : seccomp;
        network = network == null ? NetworkMode.NONE : network;
        runtime = runtime == null ? "" : runtime;
    }

    /** These options with the limits a resource update gives; {@code linux} null: none of the extras. */
    public ContainerOptions withLimits(long newMemoryBytes, long newNanoCpus, LinuxOptions newLinux) {
        return new ContainerOptions(name, image, entrypoint, cmd, env, workingDir, user, volumes, tmpfs, readOnly, hostname,
                newMemoryBytes, newNanoCpus, pidsLimit, capAdd, capDrop, privileged, seccomp, noNewPrivileges, network, runtime,
                tty, openStdin, stdinOnce, autoRemove, labels, pod, newLinux);
    }

    public ContainerOptions withName(String newName) {
        return new ContainerOptions(newName, image, entrypoint, cmd, env, workingDir, user, volumes, tmpfs, readOnly, hostname,
                memoryBytes, nanoCpus, pidsLimit, capAdd, capDrop, privileged, seccomp, noNewPrivileges, network, runtime,
                tty, openStdin, stdinOnce, autoRemove, labels, pod, linux);
    }

    /** These options naming the runtime handler that was chosen for the container. */
    public ContainerOptions withRuntime(String newRuntime) {
        return new ContainerOptions(name, image, entrypoint, cmd, env, workingDir, user, volumes, tmpfs, readOnly, hostname,
                memoryBytes, nanoCpus, pidsLimit, capAdd, capDrop, privileged, seccomp, noNewPrivileges, network, newRuntime,
                tty, openStdin, stdinOnce, autoRemove, labels, pod, linux);
    }
}
