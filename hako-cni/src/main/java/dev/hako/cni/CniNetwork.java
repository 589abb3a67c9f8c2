package dev.hako.cni;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One network configuration list, run for pod sandboxes: ADD runs the plugins in order, each
 * given the previous one's result as {@code prevResult}; CHECK and DEL run them with the cached
 * ADD result, DEL in reverse order. The ADD result is cached with the configuration and arguments
 * used (see {@link ResultCache}), and DEL and CHECK use that cached configuration when there is
 * one: they act on what was set up, even after a restart with a changed configuration.
 */
public final class CniNetwork {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    /** The loopback network: one plugin that brings up "lo" in the sandbox. */
    public static final String LOOPBACK_CONFIG = "{\"cniVersion\":\"1.0.0\",\"name\":\"lo\",\"type\":\"loopback\"}";

    private static final Logger LOG = System.getLogger("hakod.cni");
    // The spec forbids parallel operations on one attachment; striped so the locks never pile up.
    private static final ReentrantLock[] LOCKS = new ReentrantLock[64];

    static {
        for (int i = 0; i < LOCKS.length; i++) {
            LOCKS[i] = new ReentrantLock();
        }
    }

    private final CniConfig config;
    private final PluginExec exec;
    private final ResultCache cache;
    private final String ifNameOverride;

    /** {@code cacheDir} holds the ADD results (e.g. {@code <state>/cni/cache}); it must survive hakod restarts. */
    public CniNetwork(CniConfig config, List<Path> binDirs, Path cacheDir) {
        this(config, binDirs, cacheDir, DEFAULT_TIMEOUT);
    }

    /** {@code timeout} bounds each plugin run; a plugin still running then is killed and reported. */
    public CniNetwork(CniConfig config, List<Path> binDirs, Path cacheDir, Duration timeout) {
        this(config, binDirs, cacheDir, timeout, null);
    }

    private CniNetwork(CniConfig config, List<Path> binDirs, Path cacheDir, Duration timeout, String ifNameOverride) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw HakoException.invalid("CNI plugin timeout must be positive, not %s", timeout);
        }
        this.config = config;
        this.exec = new PluginExec(binDirs, timeout);
        this.cache = new ResultCache(cacheDir);
        this.ifNameOverride = ifNameOverride;
    }

    /**
     * The loopback network ({@link #LOOPBACK_CONFIG}), run beside the pod network as containerd and
     * CRI-O do; its attachments always use the interface name "lo", whatever the request says.
     */
    public static CniNetwork loopback(List<Path> binDirs, Path cacheDir, Duration timeout) {
        CniConfig lo = CniConfig.parseSinglePlugin(LOOPBACK_CONFIG.getBytes(StandardCharsets.UTF_8), "loopback network", null);
        return new CniNetwork(lo, binDirs, cacheDir, timeout, "lo");
    }

    public static CniNetwork loopback(List<Path> binDirs, Path cacheDir) {
        return loopback(binDirs, cacheDir, DEFAULT_TIMEOUT);
    }

    public CniConfig config() {
        return config;
    }

    /**
     * Attaches the sandbox to this network. On failure the plugins are run with DEL (all of them,
     * in reverse, as the spec advises) so that nothing half set up is left, and the error names the
     * plugin that failed. Adding an attachment that is already cached is ALREADY_EXISTS.
     */
    public CniResult add(PodNetworkRequest request) {
        PodNetworkRequest req = forThisNetwork(request);
        requireNetns(req, "ADD");
        return locked(req, () -> {
            if (cache.read(config.name(), req.containerId(), req.ifName()).isPresent()) {
                throw HakoException.alreadyExists("CNI network %s is already set up for sandbox %s (%s); DEL it first",
                        config.name(), req.containerId(), req.ifName());
            }
            List<List<String>> args = req.cniArgs();
            ObjectNode caps = PluginInput.capabilityArgs(req);
            PluginExec.Invocation add = invocation("ADD", req.containerId(), req.netns().toString(), req.ifName(), args);
            JsonNode result = null;
            try {
                for (CniPlugin plugin : config.plugins()) {
                    byte[] stdin = PluginInput.stdin(config, plugin, result, caps);
                    byte[] out = exec.run(plugin.type(), add, stdin, context(req));
                    result = resultOf(plugin, out, req);
                }
                CniResult parsed = CniResult.parse(new String(CniJson.bytes(result), StandardCharsets.UTF_8),
                        "CNI network " + config.name() + ", sandbox " + req.containerId());
                cache.write(config.name(), req.containerId(), req.ifName(),
                        new ResultCache.Entry(config.toJson(), req.netns().toString(), args, caps, result));
                return parsed;
            } catch (RuntimeException e) {
                undoAdd(req, args, caps, e);
                throw e;
            }
        });
    }

    /**
     * Checks that the attachment is still as ADD set it up. NOT_FOUND when it was never added (or
     * was deleted); a no-op when the list says {@code disableCheck}; FAILED_PRECONDITION for
     * configurations older than spec 0.4.0, which have no CHECK.
     */
    public void check(PodNetworkRequest request) {
        PodNetworkRequest req = forThisNetwork(request);
        requireNetns(req, "CHECK");
        locked(req, () -> {
            ResultCache.Entry entry = cache.read(config.name(), req.containerId(), req.ifName())
                    .orElseThrow(() -> HakoException.notFound("CNI network %s is not set up for sandbox %s (%s): nothing to CHECK",
                            config.name(), req.containerId(), req.ifName()));
            CniConfig used = cachedConfig(entry, req);
            if (!CniVersion.hasCheckAndCachedDel(used.cniVersion())) {
                throw HakoException.precondition("CNI network %s uses cniVersion %s, which has no CHECK (0.4.0 and later)",
                        used.name(), used.cniVersion());
            }
            if (used.disableCheck()) {
                return null;
            }
            PluginExec.Invocation check = invocation("CHECK", req.containerId(), req.netns().toString(), req.ifName(),
                    entry.cniArgs().isEmpty() ? req.cniArgs() : entry.cniArgs());
            for (CniPlugin plugin : used.plugins()) {
                byte[] stdin = PluginInput.stdin(used, plugin, entry.result(), entry.capabilityArgs());
                exec.run(plugin.type(), check, stdin, context(req));
            }
            return null;
        });
    }

    /**
     * Detaches the sandbox, running the plugins in reverse order, and forgets the cached result.
     * With a cached ADD it uses the cached configuration, arguments and result (and the cached
     * netns when the request has none and it still exists); without one, the current configuration
     * and no {@code prevResult}: the plugins then release what they can, so a DEL of a sandbox that
     * was never added, or already deleted, succeeds. On failure the cache stays, for a retry.
     */
    public void del(PodNetworkRequest request) {
        PodNetworkRequest req = forThisNetwork(request);
        locked(req, () -> {
            Optional<ResultCache.Entry> cached = cache.read(config.name(), req.containerId(), req.ifName());
            CniConfig used = config;
            List<List<String>> args = req.cniArgs();
            ObjectNode caps = PluginInput.capabilityArgs(req);
            JsonNode prevResult = null;
            String netns = req.netns() == null ? "" : req.netns().toString();
            if (cached.isPresent()) {
                ResultCache.Entry entry = cached.get();
                used = cachedConfig(entry, req);
                args = entry.cniArgs().isEmpty() ? args : entry.cniArgs();
                caps = entry.capabilityArgs();
                prevResult = CniVersion.hasCheckAndCachedDel(used.cniVersion()) ? entry.result() : null;
                if (netns.isEmpty() && !entry.netns().isEmpty() && Files.exists(Path.of(entry.netns()))) {
                    netns = entry.netns();
                }
            }
            PluginExec.Invocation del = invocation("DEL", req.containerId(), netns, req.ifName(), args);
            List<CniPlugin> plugins = used.plugins();
            for (int i = plugins.size() - 1; i >= 0; i--) {
                byte[] stdin = PluginInput.stdin(used, plugins.get(i), prevResult, caps);
                exec.run(plugins.get(i).type(), del, stdin, context(req));
            }
            cache.delete(config.name(), req.containerId(), req.ifName());
            return null;
        });
    }

    /** The result of the attachment's ADD, from the cache (what PodSandboxStatus reports after a restart). */
    public Optional<CniResult> cachedResult(PodNetworkRequest request) {
        PodNetworkRequest req = forThisNetwork(request);
        return cache.read(config.name(), req.containerId(), req.ifName())
                .filter(e -> e.result() != null)
                .map(e -> CniResult.parse(new String(CniJson.bytes(e.result()), StandardCharsets.UTF_8),
                        "cached CNI result " + cache.file(config.name(), req.containerId(), req.ifName())));
    }

    private static PluginExec.Invocation invocation(String command, String containerId, String netns, String ifName,
            List<List<String>> args) {
        return new PluginExec.Invocation(command, containerId, netns, ifName, PluginInput.cniArgs(args));
    }

    private void undoAdd(PodNetworkRequest req, List<List<String>> args, ObjectNode caps, RuntimeException failure) {
        PluginExec.Invocation del = invocation("DEL", req.containerId(), req.netns().toString(), req.ifName(), args);
        List<CniPlugin> plugins = config.plugins();
        for (int i = plugins.size() - 1; i >= 0; i--) {
            try {
                byte[] stdin = PluginInput.stdin(config, plugins.get(i), null, caps);
                exec.run(plugins.get(i).type(), del, stdin, context(req));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "undoing a failed CNI ADD: {0}", e.getMessage());
                failure.addSuppressed(e);
            }
        }
        try {
            cache.delete(config.name(), req.containerId(), req.ifName());
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** The configuration the plugins ran with at ADD; the current one if the cached copy is unreadable. */
    private CniConfig cachedConfig(ResultCache.Entry entry, PodNetworkRequest req) {
        try {
            return CniConfig.parseList(entry.config(), "cached CNI config "
                    + cache.file(config.name(), req.containerId(), req.ifName()), null);
        } catch (HakoException e) {
            LOG.log(Level.WARNING, "{0}; using the current configuration of network {1}", e.getMessage(), config.name());
            return config;
        }
    }

    private JsonNode resultOf(CniPlugin plugin, byte[] out, PodNetworkRequest req) {
        try {
            JsonNode result = CniJson.parse(out);
            if (result.isObject()) {
                return result;
            }
        } catch (CniJson.InvalidJson e) {
            // reported below
        }
        String said = new String(out, StandardCharsets.UTF_8).strip();
        throw new CniPluginException(ErrorKind.INTERNAL, plugin.type(), "ADD", "CNI plugin %s ADD (%s) returned %s"
                .formatted(plugin.type(), context(req), said.isEmpty() ? "no result" : "an invalid result: " + abbreviate(said)));
    }

    private PodNetworkRequest forThisNetwork(PodNetworkRequest request) {
        return ifNameOverride == null || ifNameOverride.equals(request.ifName()) ? request : request.withIfName(ifNameOverride);
    }

    private void requireNetns(PodNetworkRequest req, String command) {
        if (req.netns() == null) {
            throw HakoException.invalid("CNI %s for sandbox %s needs its network namespace path", command, req.containerId());
        }
        if (!Files.exists(req.netns())) {
            throw HakoException.precondition("CNI %s for sandbox %s: network namespace %s does not exist", command,
                    req.containerId(), req.netns());
        }
    }

    private String context(PodNetworkRequest req) {
        return "network \"" + config.name() + "\", sandbox " + req.containerId() + ", " + req.ifName();
    }

    private <T> T locked(PodNetworkRequest req, Supplier<T> action) {
        String key = config.name() + "-" + req.containerId() + "-" + req.ifName();
        ReentrantLock lock = LOCKS[Math.floorMod(key.hashCode(), LOCKS.length)];
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 500 ? s.substring(0, 500) + "..." : s;
    }
}
