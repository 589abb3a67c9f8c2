package dev.hako.daemon.cri;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hako.daemon.HakoConfig;
import dev.hako.registry.RegistryHost;
import dev.hako.runtime.HandlerConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The verbose Status' info ({@code crictl info}), keyed as containerd's: "config" (hako's effective
 * CRI settings, under containerd's names where they mean the same), "cniconfig", and
 * "lastCNILoadStatus" (with ".default", hako's one network). Where containerd names its Go
 * version ("golang"), hako names its JVM's under a key of its own, "java".
 */
final class CriStatusInfo {
    private CriStatusInfo() {}

    /** @param networkNotReady why pods cannot get a network now; empty when they can */
    static Map<String, String> info(CriSettings settings, ObjectNode cniConfig, Optional<String> networkNotReady) {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("config", config(settings).toString());
        info.put("cniconfig", cniConfig.toString());
        String load = networkNotReady.orElse("OK");
        info.put("lastCNILoadStatus", load);
        info.put("lastCNILoadStatus.default", load);
        info.put("java", CriVerboseInfo.MAPPER.getNodeFactory().textNode(Runtime.version().toString()).toString());
        return info;
    }

    static ObjectNode config(CriSettings settings) {
        HakoConfig c = settings.config();
        ObjectNode out = CriVerboseInfo.MAPPER.createObjectNode();
        out.set("runtime", runtime(settings));
        ObjectNode cni = out.putObject("cni");
        cni.put("binDir", c.cni().binDirs().isEmpty() ? "" : c.cni().binDirs().getFirst().toString());
        var binDirs = cni.putArray("binDirs");
        c.cni().binDirs().forEach(d -> binDirs.add(d.toString()));
        cni.put("confDir", c.cni().confDir().toString());
        cni.put("maxConfNum", 1);
        out.set("registry", registry(c));
        out.put("streamServerAddress", c.streaming().host());
        out.put("streamServerPort", Integer.toString(c.streaming().port()));
        out.put("streamIdleTimeout", goDuration(dev.hako.streaming.StreamingConfig.defaults().idleTimeout()));
        out.put("enableTLSStreaming", false);
        out.put("systemdCgroup", false);
        // What hako never does, under the names containerd uses for turning it off.
        out.put("disableCgroup", false);
        out.put("enableSelinux", false);
        out.put("disableApparmor", true);
        out.put("restrictOOMScoreAdj", settings.restrictOomScoreAdj());
        out.put("maxConcurrentDownloads", c.images().maxConcurrentDownloads());
        // A container without a seccomp profile in its request runs unconfined, as containerd's "" says.
        out.put("unsetSeccompProfile", "");
        out.put("netnsMountsUnderStateDir", true);
        out.put("enableUnprivilegedPorts", false);
        out.put("enableUnprivilegedICMP", false);
        out.put("rootDir", settings.paths().root().toString());
        out.put("stateDir", settings.paths().state().toString());
        return out;
    }

    /** What containerd keeps under "containerd" (its default runtime, snapshotter, runtimes), under hako's own name. */
    private static ObjectNode runtime(CriSettings settings) {
        var rs = settings.config().runtime();
        ObjectNode out = CriVerboseInfo.MAPPER.createObjectNode();
        out.put("snapshotter", CriVerboseInfo.SNAPSHOTTER);
        out.put("defaultRuntimeName", rs.defaultHandler());
        ObjectNode runtimes = out.putObject("runtimes");
        for (HandlerConfig h : settings.config().runtime().resolved(settings.paths().state())) {
            runtimes.putObject(h.name())
                    .put("runtimeType", CriVerboseInfo.RUNTIME_TYPE)
                    .put("runtimePath", h.path() == null ? "" : h.path().toString())
                    .put("runtimeRoot", h.root().toString())
                    .put("isolation", h.isolation().configName());
        }
        out.put("conmonPath", rs.conmon() == null ? "" : rs.conmon().toString());
        out.put("cgroupParent", rs.cgroupParent());
        return out;
    }

    /** containerd's registry section: mirrors' endpoints, and the hosts reached without TLS verification. */
    private static ObjectNode registry(HakoConfig c) {
        ObjectNode out = CriVerboseInfo.MAPPER.createObjectNode();
        ObjectNode mirrors = out.putObject("mirrors");
        ObjectNode configs = out.putObject("configs");
        for (RegistryHost h : new TreeMap<>(c.registries().hosts()).values()) {
            if (!h.mirrors().isEmpty()) {
                var endpoints = mirrors.putObject(h.host()).putArray("endpoint");
                h.mirrors().forEach(m -> endpoints.add(m.toString()));
            }
            if (h.insecure()) {
                configs.putObject(h.host()).putObject("tls").put("insecure_skip_verify", true);
            }
        }
        return out;
    }

    /** A duration as Go prints one ("4h0m0s", "1m30s", "30s"), as containerd's config shows them. */
    static String goDuration(Duration d) {
        long s = d.toSeconds();
        if (s >= 3600) {
            return (s / 3600) + "h" + (s % 3600 / 60) + "m" + (s % 60) + "s";
        }
        return s >= 60 ? (s / 60) + "m" + (s % 60) + "s" : s + "s";
    }
}
