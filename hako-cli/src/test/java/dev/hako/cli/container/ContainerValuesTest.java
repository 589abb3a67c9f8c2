package dev.hako.cli.container;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The values of run/create flags, parsed as docker parses them. */
class ContainerValuesTest {
    private static String error(Runnable parse) {
        return assertThrows(IllegalArgumentException.class, parse::run).getMessage();
    }

    @Test
    void sizesAreBinaryUnitsLikeGoUnitsRamInBytes() {
        assertEquals(100, Sizes.ramInBytes("100"));
        assertEquals(512 * 1024, Sizes.ramInBytes("512k"));
        assertEquals(64L << 20, Sizes.ramInBytes("64m"));
        assertEquals(64L << 20, Sizes.ramInBytes("64M"));
        assertEquals(64L << 20, Sizes.ramInBytes("64mb"));
        assertEquals(64L << 20, Sizes.ramInBytes("64MiB"));
        assertEquals(64L << 20, Sizes.ramInBytes("64 m"));
        assertEquals(1L << 30, Sizes.ramInBytes("1g"));
        assertEquals(3L << 29, Sizes.ramInBytes("1.5g"));
        assertEquals(1L << 40, Sizes.ramInBytes("1t"));
        assertEquals(10, Sizes.ramInBytes("10b"));
        assertEquals(1, Sizes.ramInBytes("1.9"));
    }

    @Test
    void badSizesUseGoUnitsWords() {
        assertEquals("invalid suffix: 'x'", error(() -> Sizes.ramInBytes("64x")));
        assertEquals("invalid suffix: 'mbb'", error(() -> Sizes.ramInBytes("64mbb")));
        assertEquals("invalid suffix: 'bi'", error(() -> Sizes.ramInBytes("64bi")));
        assertEquals("invalid suffix: 'mx'", error(() -> Sizes.ramInBytes("64mx")));
        assertEquals("invalid size: 'abc'", error(() -> Sizes.ramInBytes("abc")));
        assertEquals("invalid size: ''", error(() -> Sizes.ramInBytes("")));
        assertEquals("invalid size: '-1'", error(() -> Sizes.ramInBytes("-1")));
        assertEquals("strconv.ParseFloat: parsing \"1.2.3\": invalid syntax", error(() -> Sizes.ramInBytes("1.2.3m")));
        assertEquals("strconv.ParseFloat: parsing \"0x10\": invalid syntax", error(() -> Sizes.ramInBytes("0x10")));
    }

    @Test
    void sizesBeyondWhatALimitCanHoldAreRefusedNotUnlimited() {
        assertEquals("size out of range: '99999999999999999999'", error(() -> Sizes.ramInBytes("99999999999999999999")));
        assertEquals("size out of range: '8192p'", error(() -> Sizes.ramInBytes("8192p")));
        assertEquals("size out of range: '99999999999999999999b'", error(() -> Sizes.ramInBytes("99999999999999999999b")));
        assertEquals(8191L << 50, Sizes.ramInBytes("8191p"));
    }

    @Test
    void cpusBecomeNanoCpus() {
        assertEquals(500_000_000L, NanoCpus.parse("0.5"));
        assertEquals(2_000_000_000L, NanoCpus.parse("2"));
        assertEquals(1_500_000_000L, NanoCpus.parse("1.50"));
        assertEquals(1L, NanoCpus.parse("0.000000001"));
        assertEquals("value is too precise", error(() -> NanoCpus.parse("0.0000000001")));
        assertEquals("failed to parse half as a rational number", error(() -> NanoCpus.parse("half")));
        assertEquals("failed to parse  as a rational number", error(() -> NanoCpus.parse("")));
    }

    @Test
    void envFilesFollowDockersFormat(@TempDir Path dir) throws IOException {
        Map<String, String> cli = Map.of("FROM_CLI", "v");
        List<String> env = EnvFile.parse("""
                \uFEFF# a comment
                A=1
                   B=with spaces and "quotes" kept  \r
                EMPTY=
                FROM_CLI
                NOT_IN_CLI
                  # indented comment

                C=x=y
                """, cli::get);
        assertEquals(List.of("A=1", "B=with spaces and \"quotes\" kept  ", "EMPTY=", "FROM_CLI=v", "C=x=y"), env);
        assertEquals("poorly formatted environment: variable 'BAD KEY' contains whitespaces",
                error(() -> EnvFile.parse("BAD KEY=1\n", cli::get)));
        assertEquals("poorly formatted environment: no variable name on line '=value'",
                error(() -> EnvFile.parse("=value\n", cli::get)));
        Path bad = Files.write(dir.resolve("bad"), new byte[] {'A', '=', (byte) 0xff, '\n'});
        assertTrue(error(() -> {
            try {
                EnvFile.read(bad, cli::get);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }).contains("contains invalid utf8 bytes"));
    }

    @Test
    void envFlags() {
        Map<String, String> cli = Map.of("HOME", "/root");
        assertEquals("A=1", EnvFile.flag("A=1", cli::get));
        assertEquals("A=", EnvFile.flag("A=", cli::get));
        assertEquals("HOME=/root", EnvFile.flag("HOME", cli::get));
        assertEquals("UNSET", EnvFile.flag("UNSET", cli::get)); // sent bare: the daemon removes it
        assertEquals("invalid environment variable: =x", error(() -> EnvFile.flag("=x", cli::get)));
    }

    @Test
    void securityOptions(@TempDir Path dir) throws IOException {
        assertEquals(new SecurityOpts("", false), SecurityOpts.parse(List.of()));
        assertEquals(new SecurityOpts("unconfined", true), SecurityOpts.parse(List.of("seccomp=unconfined", "no-new-privileges")));
        assertEquals(new SecurityOpts("unconfined", false), SecurityOpts.parse(List.of("seccomp:unconfined", "no-new-privileges=false")));
        assertTrue(SecurityOpts.parse(List.of("no-new-privileges=true")).noNewPrivileges());
        assertFalse(SecurityOpts.parse(List.of("apparmor=unconfined", "label=disable")).noNewPrivileges());
        Path profile = Files.writeString(dir.resolve("p.json"), " { \"defaultAction\" : \"SCMP_ACT_ALLOW\" ,\n \"names\": [ \"a\\u003c\" ] }\n");
        assertEquals("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"names\":[\"a<\"]}",
                SecurityOpts.parse(List.of("seccomp=" + profile)).seccomp());
        Path notJson = Files.writeString(dir.resolve("n.json"), "{\"a\": ");
        assertTrue(error(() -> parse("seccomp=" + notJson)).startsWith("compacting json for seccomp profile (" + notJson + ") failed"));
        assertEquals("opening seccomp profile (/no/such.json) failed: open /no/such.json: no such file or directory",
                error(() -> parse("seccomp=/no/such.json")));
        assertEquals("invalid --security-opt 2: \"no-new-privileges=maybe\"", error(() -> parse("no-new-privileges=maybe")));
        assertEquals("Invalid --security-opt: \"selinux\"", error(() -> parse("selinux")));
        assertTrue(error(() -> parse("apparmor=docker-default")).startsWith("unsupported --security-opt"));
    }

    private static void parse(String option) {
        try {
            SecurityOpts.parse(List.of(option));
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    @Test
    void pullPolicies() {
        assertEquals(PullPolicy.MISSING, PullPolicy.parse("missing"));
        assertEquals(PullPolicy.ALWAYS, PullPolicy.parse("always"));
        assertEquals(PullPolicy.NEVER, PullPolicy.parse("never"));
        assertEquals("invalid pull option: 'Always': must be one of \"always\", \"missing\" or \"never\"",
                error(() -> PullPolicy.parse("Always")));
    }

    @Test
    void theMissingImageIsNamedWithItsDefaultTag() {
        assertEquals("busybox:latest", ContainerCreator.taggedFamiliar("busybox"));
        assertEquals("busybox:latest", ContainerCreator.taggedFamiliar("docker.io/library/busybox"));
        assertEquals("localhost:5000/app:1", ContainerCreator.taggedFamiliar("localhost:5000/app:1"));
        assertEquals("app@sha256:abc", ContainerCreator.taggedFamiliar("app@sha256:abc"));
    }
}
