package dev.hako.spec.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import dev.hako.spec.FakeRootfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UserResolverTest {
    @TempDir
    Path tmp;
    Path root;

    @BeforeEach
    void setUp() throws Exception {
        root = FakeRootfs.create(tmp);
    }

    private ResolvedUser resolve(String spec) throws Exception {
        try (RootPath r = RootPath.open(root)) {
            return UserResolver.resolve(spec, r);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "null", value = {
        // spec        | uid   | gid   | additional gids
        "null          | 0     | 0     | 0 10",
        "''            | 0     | 0     | 0 10",
        "root          | 0     | 0     | 0 10",
        "0             | 0     | 0     | 0 10",
        "nobody        | 65534 | 65534 | 65534",
        "app           | 1000  | 1000  | 1000 29 44",
        "1000          | 1000  | 1000  | 1000 29 44",
        "www-data      | 33    | 33    | 33 44",
        "app:users     | 1000  | 100   | 100",
        "app:100       | 1000  | 100   | 100",
        "app:4242      | 1000  | 4242  | 4242",
        "4242          | 4242  | 0     | 0",
        "4242:4343     | 4242  | 4343  | 4343",
        "4242:video    | 4242  | 44    | 44",
        "nobody:nogroup| 65534 | 65534 | 65534",
        "00033         | 33    | 33    | 33 44",
    })
    void resolvesAsRuncAndDocker(String spec, long uid, long gid, String groups) throws Exception {
        ResolvedUser u = resolve(spec);
        assertEquals(uid, u.uid(), "uid");
        assertEquals(gid, u.gid(), "gid");
        assertEquals(List.of(groups.split(" ")).stream().map(Long::parseLong).toList(), u.additionalGids());
    }

    @Test
    void aMissingUserIsRefusedInDockersWords() {
        HakoException e = assertThrows(HakoException.class, () -> resolve("nope"));
        assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
        assertEquals("unable to find user nope: no matching entries in passwd file", e.getMessage());
    }

    @Test
    void aMissingGroupIsRefused() {
        HakoException e = assertThrows(HakoException.class, () -> resolve("app:nope"));
        assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
        assertEquals("unable to find group nope: no matching entries in group file", e.getMessage());
    }

    @Test
    void idsOutOfRangeAreRefused() {
        HakoException e = assertThrows(HakoException.class, () -> resolve("99999999999"));
        assertEquals("user id 99999999999 is out of range (0 to 2147483647)", e.getMessage());
        assertThrows(HakoException.class, () -> resolve("app:2147483648"));
    }

    @Test
    void withoutPasswdNumbersStillWork() throws Exception {
        Files.delete(root.resolve("etc/passwd"));
        Files.delete(root.resolve("etc/group"));
        assertEquals(new ResolvedUser(0, 0, List.of(0L)), resolve(null));
        assertEquals(new ResolvedUser(123, 456, List.of(456L)), resolve("123:456"));
        assertEquals("unable to find user app: no matching entries in passwd file",
                assertThrows(HakoException.class, () -> resolve("app")).getMessage());
    }

    @Test
    void brokenLinesAreSkippedNotReadAsRoot() throws Exception {
        Files.writeString(root.resolve("etc/passwd"), "# comment\n\nevil:x:notanumber:0::/:/bin/sh\nok:x:7:7::/:/bin/sh\n");
        assertThrows(HakoException.class, () -> resolve("evil"));
        assertEquals(7, resolve("ok").uid());
    }

    @Test
    void aPasswdSymlinkedToTheHostIsReadInsideTheRoot() throws Exception {
        // The "host" passwd a hostile image points at: a user that exists only there.
        Path hostPasswd = Files.writeString(tmp.resolve("host-passwd"), "evil:x:0:0::/root:/bin/sh\n");
        Files.delete(root.resolve("etc/passwd"));
        Files.createSymbolicLink(root.resolve("etc/passwd"), hostPasswd);
        assertEquals("unable to find user evil: no matching entries in passwd file",
                assertThrows(HakoException.class, () -> resolve("evil")).getMessage());

        Files.delete(root.resolve("etc/passwd"));
        Files.createSymbolicLink(root.resolve("etc/passwd"), Path.of("../../../../../../../../" + hostPasswd));
        assertThrows(HakoException.class, () -> resolve("evil"));

        // The same trick pointing at a file inside the image works: it is the image's own business.
        Files.writeString(root.resolve("etc/real-passwd"), "inside:x:77:77::/:/bin/sh\n");
        Files.delete(root.resolve("etc/passwd"));
        Files.createSymbolicLink(root.resolve("etc/passwd"), Path.of("/etc/../../etc/real-passwd"));
        assertEquals(77, resolve("inside").uid());
    }

    @Test
    void aPasswdThatIsNotARegularFileIsRefused() throws Exception {
        Files.delete(root.resolve("etc/passwd"));
        Files.createDirectory(root.resolve("etc/passwd"));
        HakoException e = assertThrows(HakoException.class, () -> resolve("app"));
        assertEquals("/etc/passwd in the image is not a regular file", e.getMessage());
    }
}
