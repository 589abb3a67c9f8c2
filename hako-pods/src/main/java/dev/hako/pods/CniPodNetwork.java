package dev.hako.pods;

import dev.hako.cni.CniConfig;
import dev.hako.cni.CniNetwork;
import dev.hako.cni.CniNetworks;
import dev.hako.cni.NetworkStatus;
import dev.hako.cni.PodNetworkRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Pod networks through CNI, as containerd's CRI does: the first configuration list in the
 * configuration directory (read again for each pod, so a configuration written after start is
 * used), plus the loopback plugin for "lo". Tear-down uses the cached results, so it works after a
 * restart and for a pod whose configuration has changed or gone since.
 */
public final class CniPodNetwork implements PodNetwork {
    private final Path confDir;
    private final List<Path> binDirs;
    private final Path cacheDir;

    public CniPodNetwork(Path confDir, List<Path> binDirs, Path cacheDir) {
        this.confDir = confDir;
        this.binDirs = List.copyOf(binDirs);
        this.cacheDir = cacheDir;
    }

    @Override
    public Optional<String> notReadyReason() {
        NetworkStatus status = CniNetworks.status(confDir, binDirs);
        return status.ready() ? Optional.empty() : Optional.of(status.message());
    }

    @Override
    public List<String> setUp(Request request) throws IOException {
        CniConfig config = requireConfig();
        PodNetworkRequest cni = cniRequest(request);
        // "lo" and eth0 are independent: the loopback plugin runs while the network's chain does.
        var loopback = java.util.concurrent.CompletableFuture.runAsync(
                () -> CniNetwork.loopback(binDirs, cacheDir).add(cni.withIfName("lo")), r -> Thread.ofVirtual().start(r));
        List<String> ips;
        try {
            ips = new CniNetwork(config, binDirs, cacheDir).add(cni).podIps(cni.netns());
        } catch (RuntimeException e) {
            loopback.exceptionally(t -> null).join(); // the caller's tear-down must not race the loopback's ADD
            throw e;
        }
        try {
            loopback.join();
        } catch (java.util.concurrent.CompletionException e) {
            // The caller tears the whole network down on failure, eth0 included.
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
        return ips;
    }

    @Override
    public void check(Request request) throws IOException {
        new CniNetwork(requireConfig(), binDirs, cacheDir).check(cniRequest(request));
    }

    @Override
    public void tearDown(Request request) throws IOException {
        PodNetworkRequest cni = cniRequest(request);
        List<RuntimeException> failures = new ArrayList<>();
        Optional<CniConfig> config = CniNetworks.load(confDir, binDirs);
        // With no configuration left, the cached one (if any) is what the network was set up with.
        if (config.isPresent()) {
            try {
                new CniNetwork(config.get(), binDirs, cacheDir).del(cni);
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        try {
            CniNetwork.loopback(binDirs, cacheDir).del(cni.withIfName("lo"));
        } catch (RuntimeException e) {
            failures.add(e);
        }
        if (!failures.isEmpty()) {
            RuntimeException first = failures.getFirst();
            failures.stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
    }

    private CniConfig requireConfig() {
        return CniNetworks.load(confDir, binDirs)
                .orElseThrow(() -> dev.hako.errdefs.HakoException.precondition("no CNI network configuration in %s", confDir));
    }

    private static PodNetworkRequest cniRequest(Request r) {
        return PodNetworkRequest.of(r.podId(), Path.of(r.netns()), r.name(), r.namespace(), r.uid())
                .withPortMappings(r.portMappings());
    }
}
