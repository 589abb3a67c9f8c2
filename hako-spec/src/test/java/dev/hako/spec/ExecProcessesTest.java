package dev.hako.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.errdefs.HakoException;
import dev.hako.spec.customisers.SeccompCustomiser;
import dev.hako.spec.seccomp.KernelVersion;
import dev.hako.spec.seccomp.SeccompArch;
import dev.hako.spec.user.RootPath;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecProcessesTest {
    @TempDir
    Path tmp;
    TestInputs in;
    Spec container;

    @BeforeEach
    void setUp() throws Exception {
        in = new TestInputs(tmp);
        SpecGenerator g = new SpecGenerator(SpecGenerator.defaultCustomisers(new SeccompCustomiser(SeccompArch.AMD64, new KernelVersion(6, 1))));
        container = g.generate(TestInputs.busybox(), ContainerSettings.builder().env(List.of("A=1")).cmd(List.of("sleep", "1d")).build(),
                in.context()).spec();
    }

    private Spec.Process exec(ExecSettings e) throws Exception {
        try (RootPath root = RootPath.open(in.rootfs)) {
            return ExecProcesses.build(container, e, root, in.host);
        }
    }

    @Test
    void execAsAnotherUserWithATerminal() throws Exception {
        Spec.Process p = exec(new ExecSettings(List.of("id"), List.of("B=2"), "app", "/tmp", true, false));
        Golden.assertJson("exec-process.json", p.toJson());
    }

    @Test
    void defaultsAreTheContainersProcess() throws Exception {
        Spec.Process p = exec(new ExecSettings(List.of("sh"), null, null, null, false, false));
        assertEquals(0, p.user.uid);
        assertEquals(List.of(0L, 10L), p.user.additionalGids);
        assertEquals("/", p.cwd);
        assertEquals(container.process.env, p.env);
        assertEquals(CapabilitySets.DEFAULT, p.capabilities.effective);
        assertNull(p.oomScoreAdj);
        assertEquals(List.of("sleep", "1d"), container.process.args, "the container's spec is left alone");
    }

    @Test
    void privilegedExecGetsEveryCapabilityTheHostHolds() throws Exception {
        Spec.Process p = exec(new ExecSettings(List.of("sh"), null, null, null, false, true));
        assertEquals(CapabilitySets.all(in.host), p.capabilities.effective);
    }

    @Test
    void badExecs() {
        assertThrows(HakoException.class, () -> new ExecSettings(List.of(), null, null, null, false, false));
        assertThrows(HakoException.class, () -> new ExecSettings(List.of("sh"), List.of("NOEQUALS"), null, null, false, false));
        assertThrows(HakoException.class, () -> new ExecSettings(List.of("sh"), null, null, "relative", false, false));
        HakoException e = assertThrows(HakoException.class, () -> exec(new ExecSettings(List.of("sh"), null, "ghost", null, false, false)));
        assertTrue(e.getMessage().contains("unable to find user ghost"));
    }
}
