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
            description = "Write the default pod network (a bridge on 10.88.0.0/16 with port mappings) into the CNI "
                    + "configuration directory if it holds no network yet, then exit.")
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

    /** What the README's set-up runs: an existing network configuration is left as it is. */
    private static int installDefaultNetwork(CniSettings cni) throws java.io.IOException {
        var existing = dev.hako.cni.CniNetworks.firstConfigFile(cni.confDir());
        if (existing.isPresent()) {
            System.out.println("a pod network is configured already: " + existing.get());
            return 0;
        }
        System.out.println("wrote the default pod network: " + dev.hako.cni.DefaultNetwork.write(cni.confDir()));
        return 0;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"hakod " + HakoVersion.version()};
        }
    }
}
