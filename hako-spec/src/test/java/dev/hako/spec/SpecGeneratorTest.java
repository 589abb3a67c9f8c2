package dev.hako.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import dev.hako.oci.Json;
import dev.hako.spec.customisers.SeccompCustomiser;
import dev.hako.spec.seccomp.KernelVersion;
import dev.hako.spec.seccomp.SeccompArch;
import dev.hako.spec.seccomp.SeccompProfiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecGeneratorTest {
    private static final KernelVersion KERNEL = new KernelVersion(6, 1);

    @TempDir
    Path tmp;
    TestInputs in;
    Path h;
    SpecGenerator generator = new SpecGenerator(SpecGenerator.defaultCustomisers(new SeccompCustomiser(SeccompArch.AMD64, KERNEL)));

    @BeforeEach
    void setUp() throws Exception {
        in = new TestInputs(tmp);
        h = Files.createDirectory(tmp.resolve("h"));
        // A host like these machines: root without CAP_SYS_RESOURCE, 2 CPUs.
        in.host = new HostLimits(EnumSet.complementOf(EnumSet.of(Capability.SYS_RESOURCE)), 0,
                Map.of("RLIMIT_NOFILE", 1048576L), 2);
    }

    /** {@code hako run --memory 64m --cpus 0.5 -e A=1 -u nobody -v /h:/c:ro busybox sh -c x} */
    private ContainerSettings typical() {
        return ContainerSettings.builder()
                .memoryBytes(64L << 20)
                .nanoCpus(500_000_000L)
                .env(List.of("A=1"))
                .user("nobody")
                .volumes(List.of(Volume.parse(h + ":/c:ro")))
                .cmd(List.of("sh", "-c", "x"))
                .build();
    }

    private Map<String, String> vars() {
        Map<String, String> vars = new HashMap<>(in.vars());
        vars.put("H", h.toString());
        return vars;
    }

    @Test
    void typicalRun() throws Exception {
        GeneratedSpec g = generator.generate(TestInputs.busybox(), typical(), in.context());
        assertEquals(List.of(), g.warnings());

        ObjectNode tree = (ObjectNode) Json.MAPPER.readTree(g.json());
        JsonNode seccomp = ((ObjectNode) tree.get("linux")).remove("seccomp");
        Golden.assertJson("run-typical.json", Json.MAPPER.writeValueAsBytes(tree), vars());

        Spec.Seccomp expected = SeccompProfiles.defaultProfile().resolve(new HashSet<>(CapabilitySets.DEFAULT), SeccompArch.AMD64, KERNEL);
        assertEquals(Json.MAPPER.readTree(Json.write(expected)), seccomp);
    }

    @Test
    void theJsonReadsBackIntoTheSameSpec() throws Exception {
        GeneratedSpec g = generator.generate(TestInputs.busybox(), typical(), in.context());
        Spec back = Spec.fromJson(g.json());
        assertEquals(Json.MAPPER.readTree(g.json()), Json.MAPPER.readTree(back.toJson()));
        assertEquals(Json.MAPPER.readTree(g.json()), Json.MAPPER.readTree(back.copy().toJson()));
    }

    @Test
    void privilegedRunHasNoFilterAndEveryDevice() throws Exception {
        GeneratedSpec g = generator.generate(TestInputs.busybox(), ContainerSettings.builder().privileged(true).build(), in.context());
        Spec s = g.spec();
        assertNull(s.linux.seccomp);
        assertTrue(s.linux.maskedPaths.isEmpty());
        assertTrue(s.linux.readonlyPaths.isEmpty());
        assertEquals(List.of("nosuid", "noexec", "nodev", "rw"), s.mount("/sys").orElseThrow().options);
        assertEquals(1, s.linux.resources.devices.size());
        assertTrue(s.linux.resources.devices.getFirst().allow);
        assertEquals(Capability.values().length - 1, s.process.capabilities.effective.size(), "all but SYS_RESOURCE");
    }

    @Test
    void readOnlyRootWithHostNetwork() throws Exception {
        var s = ContainerSettings.builder().readOnlyRoot(true).network(NetworkMode.HOST).tmpfs(List.of(Tmpfs.parse("/tmp"))).build();
        Spec spec = generator.generate(TestInputs.busybox(), s, in.context()).spec();
        assertTrue(spec.root.readonly);
        assertTrue(spec.linux.namespaces.stream().noneMatch(n -> n.type.equals("network")));
        assertEquals(List.of("rbind", "rprivate", "ro"), spec.mount("/etc/hosts").orElseThrow().options);
        assertEquals(List.of("noexec", "nosuid", "nodev"), spec.mount("/tmp").orElseThrow().options);
    }

    @Test
    void aUserMissingFromTheImageFailsTheWholeSpec() {
        var s = ContainerSettings.builder().user("nope").build();
        HakoException e = assertThrows(HakoException.class, () -> generator.generate(TestInputs.busybox(), s, in.context()));
        assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
        assertEquals("unable to find user nope: no matching entries in passwd file", e.getMessage());
    }

    @Test
    void anImageWithoutConfigNeedsACommand() throws Exception {
        assertThrows(HakoException.class, () -> generator.generate(null, ContainerSettings.builder().build(), in.context()));
        Spec spec = generator.generate(null, ContainerSettings.builder().cmd(List.of("/bin/true")).build(), in.context()).spec();
        assertEquals(List.of("/bin/true"), spec.process.args);
    }

    @Test
    void theDefaultGeneratorRunsOnThisHost() throws Exception {
        Spec spec = SpecGenerator.defaults().generate(TestInputs.busybox(), ContainerSettings.builder().build(), in.context()).spec();
        assertEquals("SCMP_ACT_ERRNO", spec.linux.seccomp.defaultAction);
        assertEquals(List.of("sh"), spec.process.args);
    }

    @Test
    void hostnames() {
        var s = ContainerSettings.builder().build();
        assertEquals("0123456789ab", s.hostnameFor(TestInputs.ID, "node1"));
        assertEquals("node1", ContainerSettings.builder().network(NetworkMode.HOST).build().hostnameFor(TestInputs.ID, "node1"));
        assertEquals("web", ContainerSettings.builder().hostname("web").network(NetworkMode.HOST).build().hostnameFor(TestInputs.ID, "node1"));
    }
}
