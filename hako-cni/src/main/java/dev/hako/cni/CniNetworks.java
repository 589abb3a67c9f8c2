package dev.hako.cni;

import dev.hako.errdefs.HakoException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Finds the pod network configuration in a conf dir, and says whether pods can be networked. */
public final class CniNetworks {
    private static final List<String> EXTENSIONS = List.of(".conf", ".conflist", ".json");

    private CniNetworks() {}

    /**
     * The network configuration in {@code confDir}: the first file by name ending in .conf,
     * .conflist or .json (libcni's rule, as containerd and CRI-O pick their default network),
     * with every plugin it names present in {@code binDirs}. Empty when the dir is missing or holds
     * no such file: no network is configured yet. A file that is not a valid configuration, or a
     * missing plugin, is an error naming the file.
     */
    public static Optional<CniConfig> load(Path confDir, List<Path> binDirs) {
        Optional<Path> file = firstConfigFile(confDir);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        CniConfig config = CniConfig.read(file.get());
        for (CniPlugin plugin : config.plugins()) {
            if (PluginExec.find(plugin.type(), binDirs).isEmpty()) {
                throw HakoException.precondition("CNI network config %s: plugin %s not found in %s", file.get(),
                        plugin.type(), describe(binDirs));
            }
        }
        return Optional.of(config);
    }

    /** NetworkReady for the CRI: ready when {@link #load} finds a usable configuration, else why not. */
    public static NetworkStatus status(Path confDir, List<Path> binDirs) {
        try {
            return load(confDir, binDirs).map(c -> NetworkStatus.READY)
                    .orElseGet(() -> NetworkStatus.notReady("no network config found in " + confDir));
        } catch (HakoException e) {
            return NetworkStatus.notReady(e.getMessage());
        }
    }

    /** The file {@link #load} would read, if any. */
    public static Optional<Path> firstConfigFile(Path confDir) {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(confDir)) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                if (EXTENSIONS.stream().anyMatch(name::endsWith)
                        && !Files.isDirectory(p)) {
                    files.add(p);
                }
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw HakoException.precondition("cannot read CNI config dir %s: %s", confDir, e.getMessage());
        }
        return files.stream().min((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
    }

    static String describe(List<Path> binDirs) {
        return binDirs.isEmpty() ? "(no CNI bin dirs configured)"
                : binDirs.stream().map(Path::toString).collect(Collectors.joining(", "));
    }
}
