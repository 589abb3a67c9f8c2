package dev.hako.containers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hako.metadata.ContainerRecord;
import dev.hako.oci.Json;
import dev.hako.snapshots.Snapshotter;
import dev.hako.spec.NameFiles;
import dev.hako.spec.Spec;
import dev.hako.spec.Tmpfs;
import dev.hako.spec.Volume;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;

/** The docker-shaped JSON of {@code hako inspect CONTAINER}. */
final class ContainerInspector {
    private static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    private final ContainerStore store;
    private final Snapshotter snapshots;
    private final ContainerPaths paths;

    ContainerInspector(ContainerStore store, Snapshotter snapshots, ContainerPaths paths) {
        this.store = store;
        this.snapshots = snapshots;
        this.paths = paths;
    }

    String inspect(String ref) throws IOException {
        ContainerRecord r = store.resolve(ref);
        ContainerOptions o = store.options(r);
        Spec spec = Files.exists(paths.configJson(r.id())) ? Spec.fromJson(Files.readAllBytes(paths.configJson(r.id()))) : null;

        ObjectNode c = Json.MAPPER.createObjectNode();
        c.put("Id", r.id());
        c.put("Created", time(r.createdAt()));
        List<String> args = spec == null ? List.of() : spec.process.args;
        c.put("Path", args.isEmpty() ? "" : args.getFirst());
        ArrayNode argsNode = c.putArray("Args");
        args.stream().skip(1).forEach(argsNode::add);
        ObjectNode state = c.putObject("State");
        state.put("Status", switch (r.state()) {
            case CREATED -> "created";
            case RUNNING -> "running";
            case EXITED -> "exited";
            case REMOVING -> "removing";
        });
        state.put("Running", r.state() == ContainerRecord.State.RUNNING);
        state.put("Paused", false);
        state.put("Restarting", false);
        state.put("OOMKilled", r.oomKilled());
        state.put("Dead", false);
        state.put("Pid", r.pid());
        state.put("ExitCode", r.exitCode());
        state.put("Error", r.error());
        state.put("StartedAt", time(r.startedAt()));
        state.put("FinishedAt", time(r.finishedAt()));
        c.put("Image", r.imageId());
        NameFiles names = paths.nameFiles(r.id(), o);
        c.put("ResolvConfPath", names.resolvConf().toString());
        c.put("HostnamePath", names.hostname().toString());
        c.put("HostsPath", names.hosts().toString());
        c.put("LogPath", paths.log(r.id(), o).toString());
        c.put("Name", "/" + r.name());
        c.put("RestartCount", r.restartCount());
        c.put("Driver", "overlayfs");
        c.put("Platform", "linux");

        ObjectNode hostConfig = c.putObject("HostConfig");
        ArrayNode binds = hostConfig.putArray("Binds");
        o.volumes().forEach(v -> binds.add(v.spec()));
        hostConfig.put("NetworkMode", o.network().name().toLowerCase(java.util.Locale.ROOT));
        hostConfig.put("AutoRemove", o.autoRemove());
        hostConfig.put("Runtime", r.runtime());
        hostConfig.put("Privileged", o.privileged());
        hostConfig.put("ReadonlyRootfs", o.readOnly());
        hostConfig.put("Memory", o.memoryBytes());
        hostConfig.put("NanoCpus", o.nanoCpus());
        if (o.pidsLimit() != 0) {
            hostConfig.put("PidsLimit", o.pidsLimit());
        } else {
            hostConfig.putNull("PidsLimit");
        }
        ArrayNode capAdd = hostConfig.putArray("CapAdd");
        o.capAdd().forEach(capAdd::add);
        ArrayNode capDrop = hostConfig.putArray("CapDrop");
        o.capDrop().forEach(capDrop::add);
        ArrayNode securityOpt = hostConfig.putArray("SecurityOpt");
        switch (o.seccomp().mode()) {
            case DEFAULT -> { }
            case UNCONFINED -> securityOpt.add("seccomp=unconfined");
            case CUSTOM, LOCALHOST -> securityOpt.add("seccomp=<custom profile>");
        }
        if (o.noNewPrivileges()) {
            securityOpt.add("no-new-privileges");
        }
        ObjectNode tmpfs = hostConfig.putObject("Tmpfs");
        for (Tmpfs t : o.tmpfs()) {
            tmpfs.put(t.target(), String.join(",", t.options()));
        }
        if (spec != null && spec.linux != null && spec.linux.cgroupsPath != null) {
            hostConfig.put("CgroupParent", spec.linux.cgroupsPath);
        }

        ObjectNode graph = c.putObject("GraphDriver");
        graph.put("Name", "overlayfs");
        ObjectNode data = graph.putObject("Data");
        if (snapshots.stat(ContainerService.SNAPSHOT_PREFIX + r.id()).isPresent()) {
            var layers = dev.hako.snapshots.LayerStack.of(snapshots.mounts(ContainerService.SNAPSHOT_PREFIX + r.id()));
            if (layers.upper() != null) {
                data.put("UpperDir", layers.upper().toString());
            }
            if (layers.work() != null) {
                data.put("WorkDir", layers.work().toString());
            }
            if (!layers.lowers().isEmpty()) {
                data.put("LowerDir", String.join(":", layers.lowers().stream().map(Object::toString).toList()));
            }
        }
        data.put("MergedDir", paths.rootfs(r.id()).toString());

        ArrayNode mounts = c.putArray("Mounts");
        for (Volume volume : o.volumes()) {
            mounts.addObject().put("Type", "bind").put("Source", volume.source()).put("Destination", volume.target())
                    .put("Mode", volume.readOnly() ? "ro" : "").put("RW", !volume.readOnly()).put("Propagation", "rprivate");
        }

        ObjectNode config = c.putObject("Config");
        config.put("Hostname", spec != null && spec.hostname != null ? spec.hostname : "");
        config.put("User", o.user());
        config.put("Tty", o.tty());
        config.put("OpenStdin", o.openStdin());
        config.put("StdinOnce", o.stdinOnce());
        ArrayNode env = config.putArray("Env");
        if (spec != null) {
            spec.process.env.forEach(env::add);
        }
        ArrayNode cmd = config.putArray("Cmd");
        o.cmd().forEach(cmd::add);
        config.put("Image", o.image());
        config.put("WorkingDir", spec != null && spec.process.cwd != null ? spec.process.cwd : "");
        if (o.entrypoint() != null) {
            ArrayNode entrypoint = config.putArray("Entrypoint");
            o.entrypoint().forEach(entrypoint::add);
        } else {
            config.putNull("Entrypoint");
        }
        ObjectNode labels = config.putObject("Labels");
        o.labels().forEach(labels::put);
        return Json.pretty(c);
    }

    private static String time(long nanos) {
        return nanos == 0 ? ZERO_TIME : Instant.ofEpochSecond(0, nanos).toString();
    }
}
