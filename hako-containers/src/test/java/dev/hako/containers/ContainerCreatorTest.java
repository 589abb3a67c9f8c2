package dev.hako.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import dev.hako.metadata.ContainerRecord;
import dev.hako.oci.Json;
import dev.hako.spec.Spec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** create, and that a create failing at any step leaves nothing behind. */
class ContainerCreatorTest extends ServiceTestBase {
    @Test
    void createMakesTheRootTheSpecAndTheRow() throws Exception {
        ContainerService.Created created = t.service.create(TestContainers.options("web"));
        String id = created.id();

        ContainerRecord r = t.record(id);
        assertEquals("web", r.name());
        assertEquals(ContainerRecord.State.CREATED, r.state());
        assertEquals("runc", r.runtime(), "the default handler, named in the row");
        assertEquals(t.busybox.id().toString(), r.imageId());
        assertEquals("runc", t.service.get(id).options().runtime());
        assertEquals(List.of(ContainerService.SNAPSHOT_PREFIX + id), t.snapshots.activeKeys());
        assertTrue(t.mounter.isMounted(t.paths.rootfs(id)));
        Spec spec = Spec.fromJson(Files.readAllBytes(t.paths.configJson(id)));
        assertEquals(List.of("sh"), spec.process.args);
        assertEquals("/hako/" + id, spec.linux.cgroupsPath);
        assertTrue(Files.exists(t.paths.nameFiles(id).hosts()));
        assertEquals(List.of(ContainerEvent.Kind.CREATED), t.eventsOf(id));
    }

    @Test
    void aContainerWithoutANameGetsAGeneratedOne() throws Exception {
        String id = t.service.create(TestContainers.options("")).id();
        assertTrue(t.record(id).name().matches("[a-z]+_[a-z]+(_[0-9a-f]+)?"), t.record(id).name());
    }

    @Test
    void aTakenNameIsRefusedBeforeAnythingIsMade() throws Exception {
        String first = t.create("web");
        HakoException e = assertThrows(HakoException.class, () -> t.create("web"));
        assertEquals(ErrorKind.ALREADY_EXISTS, e.kind());
        assertTrue(e.getMessage().contains(first), e.getMessage());
        assertEquals(List.of(first), bundles());
    }

    @Test
    void aMissingImageLeavesNothing() {
        HakoException e = assertThrows(HakoException.class,
                () -> t.service.create(new ContainerOptions("web", "nothing", null, List.of(), List.of(), "", "",
                        List.of(), List.of(), false, "", 0, 0, 0, List.of(), List.of(), false, null, false, null, "",
                        false, false, false, false, java.util.Map.of())));
        assertEquals(ErrorKind.NOT_FOUND, e.kind());
        assertNothingLeft();
    }

    @Test
    void aSnapshotThatCannotBePreparedLeavesNothing() {
        t.snapshots.failPrepare = new IOException("disk full");
        assertEquals("disk full", assertThrows(IOException.class, () -> t.create("web")).getMessage());
        assertNothingLeft();
    }

    @Test
    void aRootThatCannotBeMountedLeavesNothing() {
        t.mounter.failMount = new IOException("mount: invalid argument");
        assertThrows(IOException.class, () -> t.create("web"));
        assertNothingLeft();
    }

    @Test
    void aCommandTheRootLacksLeavesNothing() {
        HakoException e = assertThrows(HakoException.class,
                () -> t.service.create(TestContainers.options("web", false, List.of("nginx"))));
        assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
        assertEquals("exec: \"nginx\": executable file not found in $PATH", e.getMessage());
        assertNothingLeft();
    }

    @Test
    void aNameTakenWhileCreatingLeavesNothing() throws Exception {
        // Another create takes the name between the check and the insert.
        t.mounter.afterMount = () -> t.records.insert(new ContainerRecord("f".repeat(64), "web", "busybox",
                "sha256:" + "e".repeat(64), "runc", ContainerRecord.State.CREATED,
                new String(Json.write(TestContainers.options("web"))), 0, 0, 0, false, "", 0, 1, 0, 0));
        HakoException e = assertThrows(HakoException.class, () -> t.create("web"));
        assertEquals(ErrorKind.ALREADY_EXISTS, e.kind());
        assertEquals(List.of("f".repeat(64)), t.records.list().stream().map(ContainerRecord::id).toList());
        assertEquals(List.of(), t.snapshots.activeKeys());
        assertEquals(List.of(), bundles());
        assertEquals(List.of(), t.mounter.mounted.stream().toList());
    }

    private void assertNothingLeft() {
        assertEquals(List.of(), t.records.list());
        assertEquals(List.of(), t.snapshots.activeKeys());
        assertEquals(List.of(), t.mounter.mounted.stream().toList());
        assertEquals(List.of(), bundles());
        assertEquals(List.of(), children(t.paths.persistentRoot()), "no log directory");
        assertFalse(t.events.stream().anyMatch(ev -> ev.kind() == ContainerEvent.Kind.CREATED));
    }

    /** The bundles under the state directory (its exits directory aside). */
    private List<String> bundles() {
        return children(t.paths.stateRoot()).stream().filter(n -> !n.equals("exits")).toList();
    }

    private static List<String> children(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
