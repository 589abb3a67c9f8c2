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
            daemon = Daemon.start(new DaemonPaths(root.toAbsolutePath(), state.toAbsolutePath(), socket.toAbsolutePath()), cfg);
        } catch (HakoException e) {
            System.err.println("hakod: " + e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(daemon::close, "shutdown"));
        daemon.awaitTermination();
        return 0;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"hakod " + HakoVersion.version()};
        }
    }
}
