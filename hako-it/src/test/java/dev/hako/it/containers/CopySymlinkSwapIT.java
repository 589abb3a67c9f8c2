package dev.hako.it.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.testkit.daemon.CliResult;
import dev.hako.testkit.images.Busybox;
import dev.hako.testkit.images.LayerBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The attack of CVE-2018-15664 against {@code hako cp}: a process in the container keeps exchanging
 * a directory with a symlink to a directory of the host (renameat2 RENAME_EXCHANGE), so a daemon
 * that resolves a path in the container and then uses it by name lands on the host. Over many
 * copies in each direction, nothing of the host may be read and nothing written there.
 */
class CopySymlinkSwapIT extends ContainerTestBase {
    private static final String SWAP_IMAGE = "swapper:latest";
    private static final int TRIES = 200;
    private static final int FILES_PER_COPY = 20;

    private Path canary;
    private String hostSecret;
    private String container;

    @BeforeAll
    void importSwapImage() throws Exception {
        byte[] layer = Busybox.rootfs()
                .file("bin/rename-exchange", RenameExchangeHelper.build(), 0755, 0, 0)
                .build();
        hakod.hako(new ByteArrayInputStream(layer), "image", "import", "--change", "CMD [\"sh\"]", "-", SWAP_IMAGE)
                .requireSuccess();
    }

    @BeforeEach
    void plantCanaryAndStartSwapping() throws Exception {
        canary = Files.createTempDirectory(Path.of("/tmp"), "hako-canary-");
        hostSecret = "host secret " + UUID.randomUUID();
        Files.writeString(canary.resolve("secret"), hostSecret + "\n");
        // /w/link names the canary's directory: seen from the host through the container's root, it is
        // the canary. /w/d is made in the container's upper layer: overlayfs refuses (EXDEV) to
        // exchange a directory of a lower layer.
        container = hako("run", "-d", SWAP_IMAGE, "sh", "-c",
                "mkdir -p /w/d && echo what the container holds > /w/d/secret && ln -s " + canary + " /w/link"
                        + " && exec rename-exchange /w/d /w/link").requireSuccess().stdout().strip();
        for (int i = 0; i < 100 && !swapping(); i++) {
            Thread.sleep(50);
        }
        assertSwapping();
    }

    @AfterEach
    void removeContainerAndCanary() throws IOException {
        if (container != null) {
            hako("rm", "-f", container);
        }
        try (Stream<Path> files = Files.walk(canary)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void copyingOutNeverReadsTheHost() throws Exception {
        int copied = 0;
        for (int i = 0; i < TRIES; i++) {
            String path = i % 2 == 0 ? "/w/d/secret" : "/w/d";
            CliResult r = hako("cp", container + ":" + path, "-");
            assertFalse(r.stdout().contains(hostSecret), "try " + i + ": the host's file was read through " + path);
            if (r.exitCode() == 0 && r.stdout().contains("what the container holds")) {
                copied++;
            }
        }
        assertTrue(copied > 0, "no copy succeeded while the container swapped: the test proves nothing");
        assertCanaryUntouched();
    }

    @Test
    void copyingInNeverWritesToTheHost() throws Exception {
        List<String> failures = new ArrayList<>();
        int copied = 0;
        for (int i = 0; i < TRIES; i++) {
            // Each entry is one more chance for the swap to fall between a check and a use.
            LayerBuilder files = new LayerBuilder();
            for (int f = 0; f < FILES_PER_COPY; f++) {
                files.file("planted-" + i + "-" + f, "planted by hako cp\n");
            }
            byte[] tar = files.build();
            CliResult r = hakod.hako(new ByteArrayInputStream(tar), "cp", "-", container + ":/w/d");
            if (r.exitCode() == 0) {
                copied++;
            } else if (failures.size() < 3) {
                failures.add(r.stderr());
            }
        }
        assertTrue(copied > 0, "no copy succeeded while the container swapped: the test proves nothing " + failures);
        assertCanaryUntouched();
    }

    /** The helper runs while it can swap: it exits at its first failure. */
    private boolean swapping() {
        return hako("exec", container, "pidof", "rename-exchange").exitCode() == 0;
    }

    private void assertSwapping() {
        assertTrue(swapping(), "the container does not swap: " + hako("logs", container));
    }

    private void assertCanaryUntouched() throws IOException {
        assertSwapping();
        try (Stream<Path> files = Files.list(canary)) {
            assertEquals(List.of(canary.resolve("secret")), files.toList(), "hako cp wrote into the host's directory");
        }
        assertEquals(hostSecret + "\n", Files.readString(canary.resolve("secret")));
    }
}
