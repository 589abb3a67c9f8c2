package dev.hako.runtime;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hako.oci.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * OCI bundles for root integration tests: a rootfs holding Debian's busybox-static and its applet
 * links, and a config.json from {@code runc spec} (the runtime's own template) with the test's
 * process. Each container's cgroups live under {@value #CGROUP_PARENT}, never under the cgroups
 * of the machine's own processes.
 */
public final class BusyboxBundle {
    public static final String CGROUP_PARENT = "hako-test";
    private static final Path BUSYBOX = Path.of("/bin/busybox");
    private static final List<String> APPLETS = List.of("sh", "echo", "cat", "sleep", "stty", "true", "ls", "head",
            "tr", "printf", "yes");

    private BusyboxBundle() {}

    /** Fails (never skips) with what to install when a prerequisite of the root tests is missing. */
    public static void requirePrerequisites(String... programs) throws IOException {
        String status = Files.readString(Path.of("/proc/self/status"));
        if (!status.lines().anyMatch(l -> l.matches("Uid:\\s+0\\s.*"))) {
            throw new IllegalStateException("these integration tests need root");
        }
        if (!Files.isExecutable(BUSYBOX)) {
            throw new IllegalStateException("busybox-static is missing (" + BUSYBOX + "): apt-get install busybox-static");
        }
        for (String program : programs) {
            if (Executables.find(program).isEmpty()) {
                throw new IllegalStateException(program + " is not on PATH: apt-get install " + program);
            }
        }
    }

    /** The real runc, its state under {@code root}. */
    public static RuntimeHandler runc(Path root) {
        return new OciRuntimeCli(new HandlerConfig("runc", null, root, Isolation.NAMESPACES, List.of()));
    }

    /** A bundle in {@code dir} running {@code args} without a terminal; {@code customize} edits config.json. */
    public static Path create(Path dir, String id, List<String> args, Consumer<ObjectNode> customize)
            throws IOException, InterruptedException {
        Path bundle = Files.createDirectories(dir);
        Path bin = Files.createDirectories(bundle.resolve("rootfs/bin"));
        Files.copy(BUSYBOX, bin.resolve("busybox"));
        for (String applet : APPLETS) {
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
        Files.createDirectories(bundle.resolve("rootfs/tmp"));
        Process spec = new ProcessBuilder("runc", "spec", "--bundle", bundle.toString()).redirectErrorStream(true).start();
        String out = new String(spec.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (spec.waitFor() != 0) {
            throw new IOException("runc spec failed: " + out);
        }
        ObjectNode config = (ObjectNode) Json.MAPPER.readTree(bundle.resolve("config.json").toFile());
        ObjectNode process = (ObjectNode) config.get("process");
        process.put("terminal", false);
        ArrayNode argv = process.putArray("args");
        args.forEach(argv::add);
        // Never a negative oom_score_adj: root here lacks CAP_SYS_RESOURCE and runc would fail.
        process.remove("oomScoreAdj");
        ((ObjectNode) config.get("linux")).put("cgroupsPath", "/" + CGROUP_PARENT + "/" + id);
        customize.accept(config);
        Files.write(bundle.resolve("config.json"), Json.write(config));
        return bundle;
    }

    public static Path create(Path dir, String id, List<String> args) throws IOException, InterruptedException {
        return create(dir, id, args, c -> {});
    }

    /** A process.json for exec, as runc exec --process reads it. */
    public static Path processJson(Path dir, boolean terminal, List<String> args) throws IOException {
        ObjectNode process = Json.MAPPER.createObjectNode();
        process.put("terminal", terminal);
        process.putObject("user").put("uid", 0).put("gid", 0);
        ArrayNode argv = process.putArray("args");
        args.forEach(argv::add);
        process.putArray("env").add("PATH=/bin").add("TERM=xterm");
        process.put("cwd", "/");
        Path file = Files.createTempFile(dir, "process", ".json");
        Files.write(file, Json.write(process));
        return file;
    }

    /** Removes the (empty) test parent cgroup from every hierarchy; the runtime removed the containers'. */
    public static void removeTestCgroups() throws IOException {
        try (DirectoryStream<Path> hierarchies = Files.newDirectoryStream(Path.of("/sys/fs/cgroup"))) {
            for (Path hierarchy : hierarchies) {
                Path parent = hierarchy.resolve(CGROUP_PARENT);
                if (!Files.isSymbolicLink(hierarchy) && Files.isDirectory(parent)) {
                    Files.delete(parent);
                }
            }
        }
    }
}
