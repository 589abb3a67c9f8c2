package dev.hako.daemon;

import dev.hako.api.HakoVersion;
import dev.hako.errdefs.HakoException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hakod}: the hako daemon. */
@Command(name = "hakod", mixinStandardHelpOptions = true, versionProvider = Hakod.Version.class,
        description = "The hako container runtime daemon.")
public final class Hakod implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (TOML). Default: /etc/hako/hako.toml")
    Path config;

    @Option(names = "--root", paramLabel = "DIR", defaultValue = "/var/lib/hako", description = "Persistent state. Default: ${DEFAULT-VALUE}")
    Path root;

    @Option(names = "--state", paramLabel = "DIR", defaultValue = "/run/hako", description = "Runtime state. Default: ${DEFAULT-VALUE}")
    Path state;

    @Option(names = "--socket", paramLabel = "PATH", defaultValue = "/run/hako/hako.sock", description = "API socket. Default: ${DEFAULT-VALUE}")
    Path socket;

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "info",
            description = "debug, info, warn or error. Default: ${DEFAULT-VALUE}")
    String logLevel;

    @Option(names = "--install-default-network",
            description = "Write the default pod network (10-hako-bridge.conflist: a bridge on 10.88.0.0/16 with port "
                    + "mappings) into the CNI configuration directory unless it is there already, then exit.")
    boolean installDefaultNetwork;

    public static void main(String[] args) {
        int code = new CommandLine(new Hakod()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public Integer call() throws Exception {
        Logging.configure(logLevel);
        HakoConfig cfg;
        Daemon daemon;
        try {
            cfg = config == null ? ConfigLoader.load(ConfigLoader.DEFAULT_FILE, false) : ConfigLoader.load(config, true);
            if (installDefaultNetwork) {
                return installDefaultNetwork(cfg.cni());
            }
            daemon = Daemon.start(new DaemonPaths(root.toAbsolutePath(), state.toAbsolutePath(), socket.toAbsolutePath()), cfg);
        } catch (HakoException e) {
            System.err.println("hakod: " + e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(daemon::close, "shutdown"));
        daemon.awaitTermination();
        return 0;
    }

    /**
     * What the README's set-up runs: hako's own conflist, kept as it is when it exists already (an
     * operator may have edited it). Other configurations (podman's, say) stay; hako uses the first by
     * name, and 10-hako-bridge sorts before the usual 87-podman-bridge.
     */
    private static int installDefaultNetwork(CniSettings cni) throws java.io.IOException {
        java.nio.file.Path ours = cni.confDir().resolve(dev.hako.cni.DefaultNetwork.FILE_NAME);
        if (java.nio.file.Files.exists(ours)) {
            System.out.println("the default pod network is installed already: " + ours);
        } else {
            System.out.println("wrote the default pod network: " + dev.hako.cni.DefaultNetwork.write(cni.confDir()));
        }
        var first = dev.hako.cni.CniNetworks.firstConfigFile(cni.confDir());
        if (first.isPresent() && !first.get().equals(ours)) {
            System.out.println("note: " + first.get() + " comes first by name, so pods use that network");
        }
        return 0;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"hakod " + HakoVersion.version()};
        }
    }
}
