package dev.hako.errdefs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RollbackTest {
    @Test
    void undoesNewestFirstWhenNotCommitted() {
        List<String> undone = new ArrayList<>();
        try (Rollback undo = new Rollback()) {
            undo.add(() -> undone.add("first"));
            undo.add(() -> undone.add("second"));
        }
        assertEquals(List.of("second", "first"), undone);
    }

    @Test
    void aCommittedOperationKeepsWhatItDid() {
        List<String> undone = new ArrayList<>();
        try (Rollback undo = new Rollback()) {
            undo.add(() -> undone.add("first"));
            undo.commit();
        }
        assertEquals(List.of(), undone);
    }

    @Test
    void aFailingStepDoesNotStopTheOthersAndIsAttachedToTheCause() {
        List<String> undone = new ArrayList<>();
        IllegalStateException broken = new IllegalStateException("undo broke");
        RuntimeException cause = new RuntimeException("create failed");
        Rollback undo = new Rollback();
        undo.add(() -> undone.add("first"));
        undo.add(() -> {
            throw broken;
        });
        undo.undo(cause);
        assertEquals(List.of("first"), undone);
        assertEquals(1, cause.getSuppressed().length);
        assertSame(broken, cause.getSuppressed()[0]);
        undo.close();
        assertEquals(List.of("first"), undone, "a step runs once");
    }
}
