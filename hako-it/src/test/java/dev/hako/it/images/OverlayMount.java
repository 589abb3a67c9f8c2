package dev.hako.it.images;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hako.oci.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Mounts an image's snapshot chain read-only with the kernel's overlayfs, exactly as a container's
 * root will be, from the LowerDir that {@code hako image inspect} reports.
 */
final class OverlayMount implements AutoCloseable {
    private final Path target;

    private OverlayMount(Path target) {
        this.target = target;
    }

    static OverlayMount of(String inspectJson) throws IOException {
        JsonNode image = Json.MAPPER.readTree(inspectJson);
        if (image.isArray()) {
            image = image.get(0);
        }
        String lower = image.path("GraphDriver").path("Data").path("LowerDir").asText();
        if (lower.isEmpty()) {
            throw new AssertionError("inspect shows no GraphDriver.Data.LowerDir:\n" + inspectJson);
        }
        Path target = Files.createTempDirectory("hako-it-merged-");
        // A single lower layer cannot be an overlay without an upper: bind it read-only instead.
        String[] cmd = lower.contains(":")
                ? new String[] {"mount", "-t", "overlay", "overlay", "-o", "ro,lowerdir=" + lower, target.toString()}
                : new String[] {"mount", "--bind", "-o", "ro", lower, target.toString()};
        run(cmd);
        return new OverlayMount(target);
    }

    Path path(String inside) {
        return target.resolve(inside);
    }

    @Override
    public void close() throws IOException {
        run(new String[] {"umount", target.toString()});
        Files.deleteIfExists(target);
    }

    private static void run(String[] cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed: " + new String(p.getInputStream().readAllBytes()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }
}
