package dev.hako.cli.container;

import dev.hako.api.v1.ContainerConfig;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The flags `run` and `create` share, with docker's names, and their translation into the
 * daemon's ContainerConfig. Values are checked here, before anything is sent, with docker's error
 * texts; the daemon checks what only it can (the image, users, paths, limits it can apply).
 */
public final class ContainerFlags {
    @Option(names = "--name", paramLabel = "string", description = "Assign a name to the container")
    String name = "";

    @Option(names = {"-e", "--env"}, paramLabel = "list", description = "Set environment variables")
    List<String> env = new ArrayList<>();

    @Option(names = "--env-file", paramLabel = "list", description = "Read in a file of environment variables")
    List<String> envFiles = new ArrayList<>();

    @Option(names = {"-w", "--workdir"}, paramLabel = "string", description = "Working directory inside the container")
    String workdir = "";

    @Option(names = {"-u", "--user"}, paramLabel = "string", description = "Username or UID (format: <name|uid>[:<group|gid>])")
    String user = "";

    // null: not given (the image's entrypoint); "" clears it.
    @Option(names = "--entrypoint", paramLabel = "string", description = "Overwrite the default ENTRYPOINT of the image")
    String entrypoint;

    @Option(names = {"-v", "--volume"}, paramLabel = "list", description = "Bind mount a volume (HOST:CONTAINER[:ro])")
    List<String> volumes = new ArrayList<>();

    @Option(names = "--tmpfs", paramLabel = "list", description = "Mount a tmpfs directory")
    List<String> tmpfs = new ArrayList<>();

    @Option(names = "--read-only", description = "Mount the container's root filesystem as read only")
    boolean readOnly;

    @Option(names = {"-h", "--hostname"}, paramLabel = "string", description = "Container host name")
    String hostname = "";

    @Option(names = {"-m", "--memory"}, paramLabel = "bytes", description = "Memory limit")
    String memory;

    @Option(names = "--cpus", paramLabel = "decimal", description = "Number of CPUs")
    String cpus;

    @Option(names = "--pids-limit", paramLabel = "int", description = "Tune container pids limit (set -1 for unlimited)")
    long pidsLimit;

    @Option(names = "--cap-add", paramLabel = "list", description = "Add Linux capabilities")
    List<String> capAdd = new ArrayList<>();

    @Option(names = "--cap-drop", paramLabel = "list", description = "Drop Linux capabilities")
    List<String> capDrop = new ArrayList<>();

    @Option(names = "--privileged", description = "Give extended privileges to this container")
    boolean privileged;

    @Option(names = "--security-opt", paramLabel = "list",
            description = "Security Options (seccomp=PROFILE|unconfined, no-new-privileges)")
    List<String> securityOpts = new ArrayList<>();

    @Option(names = {"--network", "--net"}, paramLabel = "network", description = "Connect a container to a network (none, host)")
    String network = "";

    @Option(names = "--runtime", paramLabel = "string", description = "Runtime to use for this container")
    String runtime = "";

    @Option(names = "--pull", paramLabel = "string", description = "Pull image before running (\"always\", \"missing\", \"never\")")
    String pull = "missing";

    @Option(names = {"-l", "--label"}, paramLabel = "list", description = "Set meta data on a container")
    List<String> labels = new ArrayList<>();

    @Option(names = {"-i", "--interactive"}, description = "Keep STDIN open even if not attached")
    boolean interactive;

    @Option(names = {"-t", "--tty"}, description = "Allocate a pseudo-TTY")
    boolean tty;

    @Option(names = "--rm", description = "Automatically remove the container when it exits")
    boolean rm;

    @Option(names = {"-q", "--quiet"}, description = "Suppress the pull output")
    boolean quiet;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "The image to run")
    String image;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "COMMAND", description = "The command and its arguments")
    List<String> command = new ArrayList<>();

    public String image() {
        return image;
    }

    public boolean interactive() {
        return interactive;
    }

    public boolean tty() {
        return tty;
    }

    public boolean quiet() {
        return quiet;
    }

    public PullPolicy pullPolicy() {
        return PullPolicy.parse(pull);
    }

    /**
     * The daemon's config for these flags.
     *
     * @param environment the CLI's environment, for bare -e KEY and --env-file KEY
     * @param stdinOnce   close the container's stdin when the attached client detaches (`run -i`)
     * @throws IllegalArgumentException with docker's words for a bad value
     */
    public ContainerConfig toConfig(UnaryOperator<String> environment, boolean stdinOnce) throws IOException {
        pullPolicy(); // refuse a bad --pull before anything is sent
        ContainerConfig.Builder config = ContainerConfig.newBuilder()
                .setName(name)
                .setImage(image)
                .addAllCmd(command)
                .addAllEnv(environment(environment))
                .setWorkingDir(workdir)
                .setUser(user)
                .addAllVolumes(volumes)
                .addAllTmpfs(tmpfs)
                .setReadOnly(readOnly)
                .setHostname(hostname)
                .setPidsLimit(pidsLimit)
                .addAllCapAdd(capAdd)
                .addAllCapDrop(capDrop)
                .setPrivileged(privileged)
                .setNetwork(network)
                .setRuntime(runtime)
                .setTty(tty)
                .setOpenStdin(interactive)
                .setStdinOnce(interactive && stdinOnce)
                .setAutoRemove(rm)
                .putAllLabels(labels());
        if (entrypoint != null) {
            // docker: --entrypoint "" resets the image's entrypoint; any other value is one word, not split.
            config.setEntrypointSet(true);
            if (!entrypoint.isEmpty()) {
                config.addEntrypoint(entrypoint);
            }
        }
        if (memory != null) {
            config.setMemoryBytes(flagValue("-m, --memory", memory, Sizes::ramInBytes));
        }
        if (cpus != null) {
            config.setNanoCpus(flagValue("--cpus", cpus, NanoCpus::parse));
        }
        SecurityOpts security = SecurityOpts.parse(securityOpts);
        config.setSeccomp(security.seccomp()).setNoNewPrivileges(security.noNewPrivileges());
        return config.build();
    }

    /** --env-file entries first, then -e, as docker orders them (a later value of a name wins). */
    private List<String> environment(UnaryOperator<String> environment) throws IOException {
        List<String> all = new ArrayList<>();
        for (String file : envFiles) {
            try {
                all.addAll(EnvFile.read(Path.of(file), environment));
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException("open " + file + ": no such file or directory");
            }
        }
        for (String value : env) {
            all.add(EnvFile.flag(value, environment));
        }
        return all;
    }

    private Map<String, String> labels() {
        Map<String, String> map = new LinkedHashMap<>();
        for (String label : labels) {
            int eq = label.indexOf('=');
            String key = eq < 0 ? label : label.substring(0, eq);
            if (key.isEmpty()) {
                throw new IllegalArgumentException("invalid label '" + label + "': empty name");
            }
            map.put(key, eq < 0 ? "" : label.substring(eq + 1));
        }
        return map;
    }

    private interface Parser {
        long parse(String value);
    }

    /** docker's (pflag's) wording for a value its parser refused. */
    private static long flagValue(String flag, String value, Parser parser) {
        try {
            return parser.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid argument \"" + value + "\" for \"" + flag + "\" flag: " + e.getMessage());
        }
    }
}
