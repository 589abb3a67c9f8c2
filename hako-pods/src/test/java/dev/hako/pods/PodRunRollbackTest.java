package dev.hako.pods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.metadata.ContainerRecords;
import dev.hako.metadata.Database;
import dev.hako.metadata.PodRecords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A RunPodSandbox whose network set-up fails undoes everything it did: the network's partial work
 * (torn down), the pinned namespaces, the pod's directory and its row. Pins real namespaces, so it
 * needs root, and says so otherwise.
 */
class PodRunRollbackTest {
    @TempDir
    Path dir;

    @Test
    void aPodWhoseNetworkFailsLeavesNothing() throws Exception {
        assertEquals("root", System.getProperty("user.name"), "this test pins namespaces: run it as root");
        List<String> tornDown = new ArrayList<>();
        PodNetwork failing = new PodNetwork() {
            @Override
            public Optional<String> notReadyReason() {
                return Optional.empty();
            }

            @Override
            public List<String> setUp(Request request) throws IOException {
                throw new IOException("the bridge plugin failed");
            }

            @Override
            public void check(Request request) {}

            @Override
            public void tearDown(Request request) {
                tornDown.add(request.podId());
            }
        };
        PodPaths paths = new PodPaths(dir.resolve("pods"));
        try (Database db = Database.open(dir.resolve("metadata.db"))) {
            PodRecords records = new PodRecords(db);
            PodService pods = new PodService(records, new ContainerRecords(db), null, failing, paths, Set.of("runc"));
            PodConfig config = new PodConfig("web", "default", "u1", 0, "web", "", null, null, null, null, "", "runc",
                    false, false, false, null, false);

            IOException e = assertThrows(IOException.class, () -> pods.run(config));
            assertEquals("the bridge plugin failed", e.getMessage());
            assertEquals(1, tornDown.size(), "the network's partial work is torn down");
            assertEquals(List.of(), records.list(), "no row is left");
            try (var left = Files.list(paths.dir(tornDown.getFirst()).getParent())) {
                assertEquals(List.of(), left.toList(), "no pod directory is left");
            }
            assertFalse(Files.readString(Path.of("/proc/self/mounts")).contains(dir.toString()), "a namespace stays pinned");
            assertTrue(e.getSuppressed().length == 0, "every undo step succeeded: " + List.of(e.getSuppressed()));
        }
    }
}
