package dev.hako.docker;

import dev.hako.containers.Container;
import dev.hako.containers.ContainerService;
import dev.hako.images.ImageService;
import dev.hako.metadata.ContainerRecord;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /_ping}, {@code /version} and {@code /info}: what a client asks before anything else. */
final class SystemRoutes {
    private final Engine engine;
    private final ImageService images;
    private final ContainerService containers;

    SystemRoutes(Engine engine, ImageService images, ContainerService containers) {
        this.engine = engine;
        this.images = images;
        this.containers = containers;
    }

    void addTo(Router router) {
        router.add(HttpMethod.GET, "/_ping", (req, p, res) -> res.text(HttpResponseStatus.OK, "OK"))
                // docker's client pings with HEAD first and reads the version from the headers.
                .add(HttpMethod.HEAD, "/_ping", (req, p, res) -> res.empty(HttpResponseStatus.OK))
                .add(HttpMethod.GET, "/version", (req, p, res) -> res.json(HttpResponseStatus.OK, version()))
                .add(HttpMethod.GET, "/info", (req, p, res) -> res.json(HttpResponseStatus.OK, info()));
    }

    Map<String, Object> version() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("Platform", Map.of("Name", "hako " + engine.version()));
        v.put("Components", List.of(Map.of("Name", "Engine", "Version", engine.version(),
                "Details", Map.of("ApiVersion", ApiVersion.MAX.toString(), "MinAPIVersion", ApiVersion.MIN.toString(),
                        "Os", "linux", "Arch", arch(), "KernelVersion", kernel()))));
        v.put("Version", engine.version());
        v.put("ApiVersion", ApiVersion.MAX.toString());
        v.put("MinAPIVersion", ApiVersion.MIN.toString());
        v.put("GitCommit", "");
        v.put("GoVersion", "");
        v.put("Os", "linux");
        v.put("Arch", arch());
        v.put("KernelVersion", kernel());
        return v;
    }

    /** The fields hako can fill honestly; docker's others are left out (the CLI prints them empty). */
    Map<String, Object> info() throws IOException {
        List<Container> all = containers.list(true);
        long running = all.stream().filter(c -> c.record().state() == ContainerRecord.State.RUNNING).count();
        Map<String, Object> runtimes = new LinkedHashMap<>();
        containers.runtimeNames().forEach(n -> runtimes.put(n, Map.of("path", n)));
        Map<String, Object> i = new LinkedHashMap<>();
        i.put("ID", "");
        i.put("Containers", all.size());
        i.put("ContainersRunning", running);
        i.put("ContainersPaused", 0);
        i.put("ContainersStopped", all.size() - running);
        i.put("Images", images.count());
        i.put("Driver", "overlayfs");
        i.put("DriverStatus", List.of());
        i.put("Plugins", Map.of("Volume", List.of(), "Network", List.of("none", "host"), "Log", List.of("k8s-file")));
        i.put("LoggingDriver", "k8s-file");
        i.put("CgroupDriver", "cgroupfs");
        i.put("CgroupVersion", containers.cgroupVersion().equals("v2") ? "2" : "1");
        i.put("KernelVersion", kernel());
        i.put("OperatingSystem", operatingSystem());
        i.put("OSType", "linux");
        i.put("Architecture", System.getProperty("os.arch"));
        i.put("NCPU", Runtime.getRuntime().availableProcessors());
        i.put("MemTotal", memTotal());
        i.put("DockerRootDir", engine.root().toString());
        i.put("Name", hostname());
        i.put("ServerVersion", engine.version());
        i.put("Runtimes", runtimes);
        i.put("DefaultRuntime", containers.defaultRuntime());
        i.put("Swarm", Map.of("NodeID", "", "NodeAddr", "", "LocalNodeState", "inactive", "ControlAvailable", false,
                "Error", "", "RemoteManagers", List.of()));
        i.put("SecurityOptions", List.of("name=seccomp,profile=builtin"));
        i.put("Warnings", List.of("hako: containers made through the Docker API have no network of their own yet "
                + "(bridge networks are not served: they run with --network none)"));
        return i;
    }

    private static String arch() {
        String a = System.getProperty("os.arch");
        return switch (a) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> a;
        };
    }

    private static String kernel() {
        return System.getProperty("os.version");
    }

    private static String operatingSystem() {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
                if (line.startsWith("PRETTY_NAME=")) {
                    return line.substring("PRETTY_NAME=".length()).replace("\"", "");
                }
            }
        } catch (IOException e) {
            // falls through
        }
        return "Linux";
    }

    private static long memTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // falls through
        }
        return 0;
    }

    private static String hostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            return "";
        }
    }
}
