package dev.hako.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hako.errdefs.HakoException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The string forms the API carries: -v, --tmpfs, --ulimit, --network. */
class ParsingTest {
    @Test
    void volumes() {
        assertEquals(new Volume("/h", "/c", false), Volume.parse("/h:/c"));
        assertEquals(new Volume("/h", "/c", true), Volume.parse("/h/:/c/:ro"));
        assertEquals(new Volume("/h", "/c", false), Volume.parse("/h:/c:rw"));
        assertEquals("invalid volume \"/h:/c:z\": unknown option \"z\" (ro, rw or a propagation)",
                assertThrows(HakoException.class, () -> Volume.parse("/h:/c:z")).getMessage());
        assertEquals(new Volume("/h", "/c", true, "rslave"), Volume.parse("/h:/c:ro,rslave"));
        assertEquals(new Volume("/h", "/c", false, "rshared"), Volume.parse("/h:/c:rshared"));
        assertEquals("/h:/c:ro,rslave", Volume.parse("/h:/c:ro,rslave").spec());
        assertEquals("/h:/c", Volume.parse("/h:/c:rw").spec());
        assertEquals("/h:/c:rshared", Volume.parse("/h:/c:rw,rshared").spec());
        assertEquals(Volume.parse("/h:/c"), Volume.parse(Volume.parse("/h:/c").spec()));
        assertEquals("volume source \"data\" must be an absolute host path (named volumes are not supported)",
                assertThrows(HakoException.class, () -> Volume.parse("data:/c")).getMessage());
        assertEquals("volume target cannot be \"/\"", assertThrows(HakoException.class, () -> Volume.parse("/h:/")).getMessage());
        assertThrows(HakoException.class, () -> Volume.parse("/h"));
    }

    @Test
    void tmpfsOptionsMergeOverDockersDefaults() {
        assertEquals(List.of("noexec", "nosuid", "nodev"), Tmpfs.parse("/tmp").mergedOptions());
        assertEquals(List.of("nosuid", "nodev", "exec", "size=64m", "mode=1770"),
                Tmpfs.parse("/run:exec,size=32m,size=64m,mode=1770").mergedOptions());
        assertEquals(List.of("noexec", "nosuid", "nodev", "ro"), Tmpfs.parse("/ro:rw,ro").mergedOptions());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/t:bogus", "/t:size=", "/t:=1", "/t:uid=0;gid=0x", "/t:nr_what=1"})
    void badTmpfsOptions(String spec) {
        assertThrows(HakoException.class, () -> Tmpfs.parse(spec));
    }

    @Test
    void ulimits() {
        assertEquals(new Ulimit("RLIMIT_NOFILE", 1024, 2048), Ulimit.parse("nofile=1024:2048"));
        assertEquals(new Ulimit("RLIMIT_CORE", -1, -1), Ulimit.parse("core=unlimited"));
        assertEquals(new Ulimit("RLIMIT_NPROC", 10, 10), Ulimit.parse("nproc=10"));
        assertEquals("ulimit RLIMIT_NOFILE: soft limit 10 is above the hard limit 5",
                assertThrows(HakoException.class, () -> Ulimit.parse("nofile=10:5")).getMessage());
        assertThrows(HakoException.class, () -> Ulimit.parse("bogus=1"));
        assertThrows(HakoException.class, () -> Ulimit.parse("nofile=x"));
        assertThrows(HakoException.class, () -> Ulimit.parse("nofile=-5"));
    }

    @Test
    void networks() {
        assertEquals(NetworkMode.NONE, NetworkMode.parse(""));
        assertEquals(NetworkMode.HOST, NetworkMode.parse("host"));
        assertEquals("unknown network \"bridge\": hako run supports none and host",
                assertThrows(HakoException.class, () -> NetworkMode.parse("bridge")).getMessage());
    }

    @Test
    void containerPaths() {
        assertEquals("/a/c", ContainerPath.clean("/a/b/../c/."));
        assertEquals("/", ContainerPath.clean("/../.."));
        assertThrows(HakoException.class, () -> ContainerPath.absolute("a", "x"));
    }

    @Test
    void envMerge() {
        assertEquals(List.of("PATH=/x", "A=2", "C", "B=3"), Env.merge(List.of("PATH=/bin", "A=1", "C"), List.of("A=2", "PATH=/x", "B=3")));
    }
}
