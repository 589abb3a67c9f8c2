package dev.hako.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import dev.hako.oci.Json;
import dev.hako.sys.Spawn;
import dev.hako.sys.SpawnedProcess;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A runtime handler driven through the OCI runtime command line that runc, crun, runsc,
 * kata-runtime and youki share: {@code BINARY --root ROOT [args] COMMAND ... ID}.
 */
public final class OciRuntimeCli implements RuntimeHandler {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    private final HandlerConfig config;
    private final Duration timeout;

    public OciRuntimeCli(HandlerConfig config) {
        this(config, DEFAULT_TIMEOUT);
    }

    /** {@code timeout} bounds every command but exec (which runs as long as its process). */
    public OciRuntimeCli(HandlerConfig config, Duration timeout) {
        this.config = config;
        this.timeout = timeout;
    }

    @Override
    public HandlerConfig config() {
        return config;
    }

    @Override
    public Optional<Path> binary() {
        return Executables.find(config.path() != null ? config.path().toString() : config.name());
    }

    @Override
    public Optional<String> version() {
        Optional<Path> binary = binary();
        if (binary.isEmpty()) {
            return Optional.empty();
        }
        try {
            RuntimeCommand.Result r = RuntimeCommand.run(List.of(binary.get().toString(), "--version"), timeout,
                    name() + " --version");
            String first = r.stdout().strip().lines().findFirst().orElse("");
            return r.exitCode() == 0 && !first.isEmpty() ? Optional.of(first) : Optional.empty();
        } catch (IOException | HakoException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<String> globalArgs() {
        List<String> args = new ArrayList<>();
        if (config.root() != null) {
            args.add("--root");
            args.add(config.root().toString());
        }
        args.addAll(config.args());
        return args;
    }

    private Path requireBinary() {
        return binary().orElseThrow(() -> HakoException.precondition(
                "runtime handler %s: %s not found%s (install it, or set path in [runtimes.%s] of hako.toml)", name(),
                config.path() != null ? config.path() : config.name(), config.path() != null ? "" : " on PATH",
                name()));
    }

    private List<String> argv(List<String> command) {
        List<String> argv = new ArrayList<>();
        argv.add(requireBinary().toString());
        argv.addAll(globalArgs());
        argv.addAll(command);
        return argv;
    }

    /** Runs one command; a non-zero exit becomes a RuntimeFailure carrying the runtime's own words. */
    private RuntimeCommand.Result run(String operation, String id, List<String> command) throws IOException {
        RuntimeCommand.Result r = RuntimeCommand.run(argv(command), timeout,
                name() + " " + operation + (id == null ? "" : " " + id));
        if (r.exitCode() != 0) {
            throw new RuntimeFailure(name(), operation, id, r.exitCode(), RuntimeMessages.clean(r.stderr()));
        }
        return r;
    }

    @Override
    public void create(String id, Path bundle, Path pidFile) throws IOException {
        // The container inherits runc's stdio: /dev/null, so nothing of it holds our pipes open.
        // runc's own errors go to a log file instead of stderr for the same reason.
        Path log = Files.createTempFile("hako-" + name() + "-create", ".log");
        try {
            List<String> argv = new ArrayList<>();
            argv.add(requireBinary().toString());
            argv.addAll(globalArgs());
            argv.addAll(List.of("--log", log.toString(), "--log-format", "json", "create", "--bundle",
                    bundle.toString(), "--pid-file", pidFile.toString(), id));
            Process p = new ProcessBuilder(argv).redirectInput(new File("/dev/null"))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            int exit;
            try {
                if (!p.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    throw HakoException.unavailable("%s create %s did not finish within %s", name(), id,
                            RuntimeCommand.describe(timeout));
                }
                exit = p.exitValue();
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException(name() + " create " + id + " interrupted", e);
            }
            if (exit != 0) {
                throw new RuntimeFailure(name(), "create", id, exit,
                        RuntimeMessages.clean(Files.readString(log, StandardCharsets.UTF_8)));
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }

    @Override
    public void start(String id) throws IOException {
        run("start", id, List.of("start", id));
    }

    @Override
    public ContainerState state(String id) throws IOException {
        RuntimeCommand.Result r = run("state", id, List.of("state", id));
        return parseState(r.stdout(), name(), id);
    }

    static ContainerState parseState(String json, String runtime, String id) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new HakoException(ErrorKind.INTERNAL, runtime + " state " + id + ": not JSON: " + json.strip(), e);
        }
        if (node == null || !node.isObject() || !node.hasNonNull("status")) {
            throw new HakoException(ErrorKind.INTERNAL, runtime + " state " + id + ": no status in " + json.strip());
        }
        String bundle = node.path("bundle").asText("");
        return new ContainerState(node.path("id").asText(id), node.get("status").asText(), node.path("pid").asInt(0),
                bundle.isEmpty() ? null : Path.of(bundle));
    }

    @Override
    public void kill(String id, int signal, boolean all) throws IOException {
        List<String> command = new ArrayList<>(List.of("kill"));
        if (all) {
            command.add("--all");
        }
        command.add(id);
        command.add(Integer.toString(signal));
        run("kill", id, command);
    }

    @Override
    public void delete(String id, boolean force) throws IOException {
        try {
            run("delete", id, force ? List.of("delete", "--force", id) : List.of("delete", id));
        } catch (RuntimeFailure e) {
            if (e.kind() != ErrorKind.NOT_FOUND) {
                throw e;
            }
            // Already gone: deleting is done.
        }
    }

    @Override
    public List<Integer> processes(String id) throws IOException {
        RuntimeCommand.Result r = run("ps", id, List.of("ps", "--format", "json", id));
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(r.stdout());
        } catch (IOException e) {
            throw new HakoException(ErrorKind.INTERNAL, name() + " ps " + id + ": not JSON: " + r.stdout().strip(), e);
        }
        List<Integer> pids = new ArrayList<>();
        // runc prints null for a container without processes.
        if (node != null && node.isArray()) {
            node.forEach(n -> pids.add(n.asInt()));
        }
        return pids;
    }

    @Override
    public Process exec(String id, Path processJson, Path pidFile, ExecIo io) throws IOException {
        List<String> command = new ArrayList<>(List.of("exec", "--process", processJson.toString(),
                "--pid-file", pidFile.toString()));
        if (io.tty()) {
            command.add("-t");
        }
        command.add(id);
        if (!io.tty()) {
            return new ProcessBuilder(argv(command)).start();
        }
        // runc sees a terminal on its stdio, puts it in raw mode and proxies it to the container's
        // own pseudo-terminal; SIGWINCH to runc makes it copy the size across. The terminal goes
        // over as the caller's descriptor: ProcessBuilder would open the device by path, without
        // O_NOCTTY, and a session-leader hakod would take it as its controlling terminal.
        int fd = io.terminal();
        return SpawnedProcess.start(new Spawn.Request(argv(command), System.getenv(), Map.of(0, fd, 1, fd, 2, fd),
                null, false));
    }

    @Override
    public void update(String id, Path resourcesJson) throws IOException {
        run("update", id, List.of("update", "--resources", resourcesJson.toString(), id));
    }

    @Override
    public String toString() {
        return "OciRuntimeCli[" + name() + "]";
    }
}
