package dev.hako.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeHandlersTest {
    @TempDir
    Path dir;

    @Test
    void defaultsAreRuncAndCrunOnPathWithTheirStateUnderTheStateDirectory() {
        RuntimeHandlers handlers = RuntimeHandlers.defaults(Path.of("/run/hako"));
        assertEquals(List.of("runc", "crun"), handlers.names());
        assertEquals("runc", handlers.defaultName());
        HandlerConfig runc = handlers.get("runc").config();
        assertEquals(new HandlerConfig("runc", null, Path.of("/run/hako/runc"), Isolation.NAMESPACES, List.of()), runc);
        assertEquals(Path.of("/run/hako/crun"), handlers.get("crun").config().root());
        assertEquals(List.of("--root", "/run/hako/runc"), handlers.get("runc").globalArgs());
    }

    @Test
    void noNameMeansTheDefaultAndAnUnknownNameListsTheKnownOnes() {
        RuntimeHandlers handlers = RuntimeHandlers.defaults(dir);
        assertSame(handlers.get("runc"), handlers.get(null));
        assertSame(handlers.get("runc"), handlers.get(""));
        HakoException e = assertThrows(HakoException.class, () -> handlers.get("kata"));
        assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
        assertEquals("unknown runtime handler kata: configured handlers are runc, crun", e.getMessage());
        assertTrue(handlers.find("kata").isEmpty());
    }

    @Test
    void refusesADefaultThatIsNotConfiguredAndDuplicateNames() {
        HandlerConfig a = new HandlerConfig("a", null, dir, Isolation.NAMESPACES, List.of());
        HakoException missing = assertThrows(HakoException.class, () -> RuntimeHandlers.of(List.of(a), "b"));
        assertEquals("default runtime handler b is not configured: configured handlers are [a]", missing.getMessage());
        HakoException twice = assertThrows(HakoException.class, () -> RuntimeHandlers.of(List.of(a, a), "a"));
        assertEquals("runtime handler a is configured twice", twice.getMessage());
    }

    @Test
    void infoSaysWhatWasFoundAndItsVersion() throws Exception {
        FakeRuntime fake = new FakeRuntime(dir, "--version) echo 'fake version 9' ;;");
        RuntimeHandlers handlers = RuntimeHandlers.of(List.of(
                new HandlerConfig("fake", fake.binary, dir.resolve("state"), Isolation.USER_SPACE_KERNEL, List.of()),
                new HandlerConfig("kata", Path.of("/nonexistent/kata"), null, Isolation.VM, List.of())), "fake");
        List<HandlerInfo> info = handlers.info();
        assertEquals(new HandlerInfo("fake", fake.binary.toString(), true, "fake version 9",
                Isolation.USER_SPACE_KERNEL, dir.resolve("state"), true), info.get(0));
        assertEquals(new HandlerInfo("kata", "/nonexistent/kata", false, "", Isolation.VM, null, false), info.get(1));
        assertFalse(info.get(1).found());
    }
}
