package dev.hako.spec;

import dev.hako.oci.ImageConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Inputs for customiser tests: a fake rootfs under a temporary directory and the files the caller would write. */
public final class TestInputs {
    public static final String ID = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    public static final String HOSTNAME = "0123456789ab";

    public final Path dir;
    public final Path rootfs;
    public HostLimits host = HostLimits.unrestricted();
    public List<Spec.Device> hostDevices = List.of();
    public final List<String> warnings = new ArrayList<>();

    public TestInputs(Path dir) throws IOException {
        this.dir = dir;
        this.rootfs = FakeRootfs.create(dir);
    }

    public SpecContext context() {
        return SpecContext.builder(ID, rootfs, HOSTNAME)
                .nameFiles(NameFiles.in(dir))
                .cgroupsPath("/hako/" + ID)
                .host(host)
                .hostDevices(hostDevices)
                .build();
    }

    public SpecInput input(ImageConfig.Config image, ContainerSettings settings) {
        return new SpecInput(image, settings, context(), warnings);
    }

    public SpecInput input(ContainerSettings settings) {
        return input(null, settings);
    }

    /** Variables for golden files: ${DIR} and ${ROOTFS}. */
    public Map<String, String> vars() {
        return Map.of("DIR", dir.toString(), "ROOTFS", rootfs.toString());
    }

    public static ImageConfig.Config image(String user, List<String> env, List<String> entrypoint, List<String> cmd, String workingDir, String stopSignal) {
        return new ImageConfig.Config(user, null, env, entrypoint, cmd, null, workingDir, null, stopSignal);
    }

    /** busybox's config: Cmd ["sh"], the default PATH. */
    public static ImageConfig.Config busybox() {
        return image(null, List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"), null, List.of("sh"), null, null);
    }
}
