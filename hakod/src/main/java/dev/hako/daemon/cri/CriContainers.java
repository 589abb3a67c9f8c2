package dev.hako.daemon.cri;

import dev.hako.containers.Container;
import dev.hako.containers.ContainerOptions;
import dev.hako.containers.LinuxOptions;
import dev.hako.containers.PodMembership;
import dev.hako.cri.v1.ContainerConfig;
import dev.hako.cri.v1.ContainerFilter;
import dev.hako.cri.v1.ContainerMetadata;
import dev.hako.cri.v1.ContainerResources;
import dev.hako.cri.v1.ContainerState;
import dev.hako.cri.v1.ContainerStatus;
import dev.hako.cri.v1.ImageSpec;
import dev.hako.cri.v1.KeyValue;
import dev.hako.cri.v1.LinuxContainerResources;
import dev.hako.cri.v1.LinuxContainerSecurityContext;
import dev.hako.errdefs.HakoException;
import dev.hako.metadata.ContainerRecord;
import dev.hako.pods.Pod;
import dev.hako.spec.DeviceMapping;
import dev.hako.spec.NetworkMode;
import dev.hako.spec.customisers.CpuCustomiser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** ContainerConfig (with its pod) to hako's container options, and hako's containers back to CRI messages. */
final class CriContainers {
    private CriContainers() {}

    static ContainerOptions options(ContainerConfig c, Pod pod) throws IOException {
        if (!c.hasMetadata() || c.getMetadata().getName().isEmpty()) {
            throw HakoException.invalid("ContainerConfig.metadata.name is required");
        }
        if (!c.hasImage() || c.getImage().getImage().isEmpty()) {
            throw HakoException.invalid("ContainerConfig.image.image is required");
        }
        ContainerMetadata m = c.getMetadata();
        var pc = pod.config();
        LinuxContainerSecurityContext sc = c.getLinux().getSecurityContext();
        LinuxContainerResources res = c.getLinux().getResources();

        // The CRI's command replaces the image's Entrypoint (and drops its Cmd); args replace Cmd.
        List<String> entrypoint = c.getCommandCount() > 0 ? c.getCommandList() : null;
        List<String> env = new ArrayList<>();
        for (KeyValue kv : c.getEnvsList()) {
            if (kv.getKey().isEmpty()) {
                throw HakoException.invalid("ContainerConfig.envs: an entry has an empty key");
            }
            env.add(kv.getKey() + "=" + kv.getValue().toString(StandardCharsets.UTF_8));
        }
        String logPath = "";
        if (!c.getLogPath().isEmpty()) {
            Path given = Path.of(c.getLogPath()).normalize();
            if (given.isAbsolute() || given.startsWith("..")) {
                throw HakoException.invalid("ContainerConfig.log_path \"%s\" must be relative to the pod's log directory",
                        c.getLogPath());
            }
        }
        if (!pc.logDirectory().isEmpty() && !c.getLogPath().isEmpty()) {
            Path joined = Path.of(pc.logDirectory()).resolve(c.getLogPath()).normalize();
            if (!joined.startsWith(Path.of(pc.logDirectory()))) {
                throw HakoException.invalid("ContainerConfig.log_path \"%s\" leaves the pod's log directory", c.getLogPath());
            }
            logPath = joined.toString();
        }
        long nanoCpus = 0;
        if (res.getCpuQuota() > 0) {
            long period = res.getCpuPeriod() > 0 ? res.getCpuPeriod() : 100_000;
            nanoCpus = res.getCpuQuota() * 1_000_000_000L / period;
        }
        PodMembership membership = new PodMembership(pod.id(), path(pod.netns()), path(pod.ipcns()), path(pod.utsns()),
                path(pod.pidns()),
                pc.hostNetwork(), pc.hostIpc(), pc.hostPid(), pc.cgroupParent(), logPath, pod.dir().toString(),
                Files.exists(pod.nameFiles().hostname()) ? Files.readString(pod.nameFiles().hostname()).trim() : "",
                pc.sysctls(), m.getName(), m.getAttempt(), c.getAnnotationsMap(), c.getImage().getImage(),
                CriJson.of(c).toString());
        String name = m.getName() + "_" + pc.name() + "_" + pc.namespace() + "_" + pc.uid() + "_" + m.getAttempt();
        return new ContainerOptions(name, c.getImage().getImage(), entrypoint, c.getArgsList(), env, c.getWorkingDir(),
                user(sc), CriContainerFields.mounts(c), List.of(), sc.getReadonlyRootfs(), "", res.getMemoryLimitInBytes(),
                nanoCpus, 0,
                sc.getCapabilities().getAddCapabilitiesList(), sc.getCapabilities().getDropCapabilitiesList(),
                sc.getPrivileged(), CriContainerFields.seccomp(sc), sc.getNoNewPrivs(), NetworkMode.NONE,
                pod.record().runtime(), c.getTty(), c.getStdin(), c.getStdinOnce(), false, c.getLabelsMap(), membership,
                linux(sc, res, CriContainerFields.devices(c)));
    }

    /** The kubelet's always-sent CPU shares and OOM score, fsGroup and friends, masked paths, cpusets. */
    private static LinuxOptions linux(LinuxContainerSecurityContext sc, LinuxContainerResources res,
                                      List<DeviceMapping> devices) {
        // The kubelet sends masked and read-only paths explicitly; none at all means the defaults.
        boolean pathsGiven = sc.getMaskedPathsCount() > 0 || sc.getReadonlyPathsCount() > 0;
        return new LinuxOptions(res.getCpuShares(),
                res.getOomScoreAdj() == 0 ? null : (int) Math.max(-1000, Math.min(1000, res.getOomScoreAdj())),
                sc.getSupplementalGroupsList(), pathsGiven ? sc.getMaskedPathsList() : null,
                pathsGiven ? sc.getReadonlyPathsList() : null, res.getCpusetCpus(), res.getCpusetMems(), devices);
    }

    /**
     * run_as_username, else run_as_user[:run_as_group]; empty: the image's user. The ids are numbers,
     * never names: a negative one is refused here, as the user resolver would look "-1" up as a name,
     * which an image's /etc/passwd may give uid 0 (ids past 31 bits, the resolver refuses itself).
     */
    static String user(LinuxContainerSecurityContext sc) {
        notNegative("run_as_user", sc.getRunAsUser().getValue());
        notNegative("run_as_group", sc.getRunAsGroup().getValue());
        String group = sc.hasRunAsGroup() ? ":" + sc.getRunAsGroup().getValue() : "";
        if (!sc.getRunAsUsername().isEmpty()) {
            return sc.getRunAsUsername() + group;
        }
        if (sc.hasRunAsUser()) {
            return sc.getRunAsUser().getValue() + group;
        }
        if (sc.hasRunAsGroup()) {
            throw HakoException.invalid("LinuxContainerSecurityContext.run_as_group needs run_as_user or run_as_username");
        }
        return "";
    }

    private static void notNegative(String field, long id) {
        if (id < 0) {
            throw HakoException.invalid("LinuxContainerSecurityContext.%s %d is not a valid id", field, id);
        }
    }

    private static String path(Path p) {
        return p == null ? "" : p.toString();
    }

    /** A container made through the CRI (in a pod); NOT_FOUND otherwise, as for one that does not exist. */
    static Container inPod(dev.hako.containers.ContainerService containers, String ref) {
        if (ref == null || ref.isEmpty()) {
            throw HakoException.invalid("ContainerId is required");
        }
        Container c = containers.get(ref);
        if (c.options().pod() == null) {
            throw HakoException.notFound("container %s is not a CRI container", ref);
        }
        return c;
    }

    /** {@link #inPod}, and running: FAILED_PRECONDITION otherwise. */
    static Container runningInPod(dev.hako.containers.ContainerService containers, String ref) {
        Container c = inPod(containers, ref);
        if (c.record().state() != ContainerRecord.State.RUNNING) {
            throw HakoException.precondition("container %s is not running", c.id());
        }
        return c;
    }

    static ContainerState state(ContainerRecord r) {
        return switch (r.state()) {
            case CREATED -> ContainerState.CONTAINER_CREATED;
            case RUNNING -> ContainerState.CONTAINER_RUNNING;
            case EXITED -> ContainerState.CONTAINER_EXITED;
            case REMOVING -> ContainerState.CONTAINER_UNKNOWN;
        };
    }

    static ContainerMetadata metadata(Container c) {
        PodMembership p = c.options().pod();
        return ContainerMetadata.newBuilder().setName(p.containerName()).setAttempt(p.attempt()).build();
    }

    static ImageSpec image(Container c) {
        return ImageSpec.newBuilder().setImage(c.options().pod().imageSpec()).build();
    }

    static dev.hako.cri.v1.Container summary(Container c) {
        return dev.hako.cri.v1.Container.newBuilder()
                .setId(c.id())
                .setPodSandboxId(c.options().pod().podId())
                .setMetadata(metadata(c))
                .setImage(image(c))
                .setImageRef(c.record().imageId())
                .setImageId(c.record().imageId())
                .setState(state(c.record()))
                .setCreatedAt(c.record().createdAt())
                .putAllLabels(c.options().labels())
                .putAllAnnotations(c.options().pod().annotations())
                .build();
    }

    /**
     * @param imageRef the image by its content ({@code repository@digest}) when it has a name that
     *     says so, else its id: the kubelet shows it as the container's imageID, as with containerd
     */
    static ContainerStatus status(Container c, String imageRef) {
        ContainerRecord r = c.record();
        ContainerStatus.Builder s = ContainerStatus.newBuilder()
                .setId(c.id())
                .setMetadata(metadata(c))
                .setState(state(r))
                .setCreatedAt(r.createdAt())
                .setStartedAt(r.startedAt())
                .setFinishedAt(r.finishedAt())
                .setImage(image(c))
                .setImageRef(imageRef)
                .setImageId(r.imageId())
                .putAllLabels(c.options().labels())
                .putAllAnnotations(c.options().pod().annotations())
                .setLogPath(c.options().pod().logPath())
                .setResources(resources(c.options()));
        if (r.state() == ContainerRecord.State.EXITED) {
            s.setExitCode(r.exitCode());
            // The kubelet's reasons: OOMKilled, Completed, Error.
            s.setReason(r.oomKilled() ? "OOMKilled" : r.exitCode() == 0 ? "Completed" : "Error");
            s.setMessage(r.error());
        }
        c.options().volumes().forEach(v -> s.addMounts(CriContainerFields.mount(v)));
        return s.build();
    }

    /**
     * The container's image by its content, as containerd gives it: {@code repository@digest} of
     * the image's first name, else (no name says so, or the image is gone) the image id.
     */
    static String imageRef(dev.hako.images.ImageService images, Container c) throws IOException {
        String id = c.record().imageId();
        if (id == null || id.isEmpty()) {
            return "";
        }
        return images.repoDigests(dev.hako.oci.Digest.parse(id)).stream().findFirst().orElse(id);
    }

    /**
     * The limits the container has now (an update included), as the kubelet reads them back after
     * an in-place resize: memory, CPU as a quota per hako's 100 ms period, shares, cpusets and the
     * OOM score asked for. What hako does not apply (swap, hugepages, unified) is left empty.
     */
    static ContainerResources resources(ContainerOptions o) {
        LinuxOptions linux = o.linux() != null ? o.linux() : LinuxOptions.NONE;
        LinuxContainerResources.Builder r = LinuxContainerResources.newBuilder()
                .setMemoryLimitInBytes(o.memoryBytes())
                .setCpuShares(linux.cpuShares())
                .setCpusetCpus(linux.cpusetCpus())
                .setCpusetMems(linux.cpusetMems())
                .setOomScoreAdj(linux.oomScoreAdj() == null ? 0 : linux.oomScoreAdj());
        if (o.nanoCpus() > 0) {
            long period = CpuCustomiser.PERIOD_MICROS;
            r.setCpuPeriod(period).setCpuQuota(o.nanoCpus() * period / 1_000_000_000L);
        }
        return ContainerResources.newBuilder().setLinux(r).build();
    }

    static boolean matches(Container c, ContainerFilter f) {
        if (!f.getId().isEmpty() && !c.id().startsWith(f.getId())) {
            return false;
        }
        if (!f.getPodSandboxId().isEmpty() && !c.options().pod().podId().startsWith(f.getPodSandboxId())) {
            return false;
        }
        if (f.hasState() && f.getState().getState() != state(c.record())) {
            return false;
        }
        return CriPods.labelsMatch(f.getLabelSelectorMap(), c.options().labels());
    }

    /** ListContainerStats' filter: CRI containers by id and pod prefixes and labels. */
    static boolean matches(Container c, dev.hako.cri.v1.ContainerStatsFilter f) {
        return c.options().pod() != null
                && (f.getId().isEmpty() || c.id().startsWith(f.getId()))
                && (f.getPodSandboxId().isEmpty() || c.options().pod().podId().startsWith(f.getPodSandboxId()))
                && CriPods.labelsMatch(f.getLabelSelectorMap(), c.options().labels());
    }

}
