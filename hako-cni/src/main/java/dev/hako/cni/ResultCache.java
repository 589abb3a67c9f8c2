package dev.hako.cni;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hako.errdefs.HakoException;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The results of ADDs, one file per attachment in {@code DIR/results/NETWORK-CONTAINERID-IFNAME},
 * in libcni's "cniCacheV1" format (so CNI tooling can read hako's cache and the other way round).
 * Each holds the configuration list and arguments the plugins were run with, so that DEL and
 * CHECK undo and check what was really set up, after a hakod restart or a configuration change.
 */
final class ResultCache {
    private static final Logger LOG = System.getLogger("hakod.cni");
    private static final String KIND = "cniCacheV1";

    /** One cached attachment. {@code config} is the configuration list's JSON as the plugins got it. */
    record Entry(byte[] config, String netns, List<List<String>> cniArgs, ObjectNode capabilityArgs, JsonNode result) {}

    private final Path dir;

    ResultCache(Path cacheDir) {
        this.dir = cacheDir.resolve("results");
    }

    /** Names are checked (network name, container id, interface name rules), so the file stays in the dir. */
    Path file(String network, String containerId, String ifName) {
        return dir.resolve(network + "-" + containerId + "-" + ifName);
    }

    /** The cached attachment; empty when there is none, or when the file is unreadable (logged). */
    Optional<Entry> read(String network, String containerId, String ifName) {
        Path file = file(network, containerId, ifName);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw HakoException.precondition("cannot read the CNI result cache %s: %s", file, e.getMessage());
        }
        try {
            JsonNode root = CniJson.parse(bytes);
            if (!KIND.equals(root.path("kind").asText()) || !root.path("config").isTextual()) {
                throw new CniJson.InvalidJson("not a " + KIND + " entry");
            }
            List<List<String>> args = new ArrayList<>();
            for (JsonNode pair : root.path("cniArgs")) {
                args.add(List.of(pair.path(0).asText(), pair.path(1).asText()));
            }
            JsonNode caps = root.path("capabilityArgs");
            JsonNode result = root.get("result");
            return Optional.of(new Entry(root.get("config").binaryValue(), root.path("netns").asText(""), args,
                    caps.isObject() ? (ObjectNode) caps : CniJson.object(),
                    result != null && result.isObject() ? result : null));
        } catch (CniJson.InvalidJson | IOException e) {
            // A DEL must still be possible: without the cache it runs with the current configuration.
            LOG.log(Level.WARNING, "ignoring unreadable CNI result cache {0}: {1}", file, e.getMessage());
            return Optional.empty();
        }
    }

    void write(String network, String containerId, String ifName, Entry entry) {
        ObjectNode root = CniJson.object();
        root.put("kind", KIND);
        root.put("containerId", containerId);
        root.put("config", entry.config());
        root.put("ifName", ifName);
        root.put("networkName", network);
        if (entry.netns() != null && !entry.netns().isEmpty()) {
            root.put("netns", entry.netns());
        }
        ArrayNode args = root.putArray("cniArgs");
        entry.cniArgs().forEach(pair -> args.addArray().add(pair.get(0)).add(pair.get(1)));
        if (!entry.capabilityArgs().isEmpty()) {
            root.set("capabilityArgs", entry.capabilityArgs());
        }
        root.set("result", entry.result());
        Path file = file(network, containerId, ifName);
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path tmp = Files.createTempFile(dir, ".tmp-", "");
            try {
                Files.write(tmp, CniJson.bytes(root));
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw HakoException.precondition("cannot write the CNI result cache %s: %s", file, e.getMessage());
        }
    }

    void delete(String network, String containerId, String ifName) {
        Path file = file(network, containerId, ifName);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw HakoException.precondition("cannot remove the CNI result cache %s: %s", file, e.getMessage());
        }
    }
}
