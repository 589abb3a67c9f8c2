package dev.hako.it.cri;

import dev.hako.testkit.daemon.HakoDaemon;
import dev.hako.testkit.images.Busybox;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A private hakod for CRI tests: a busybox image, and a CNI bridge network of the test's own (its
 * own bridge, subnet 10.199.0.0/24 and host-local store, in a temporary configuration directory).
 * Closing it stops hakod, deletes the bridge and the files, and puts back the host's ip_forward,
 * which the bridge plugin switches on.
 */
public final class CriFixture implements AutoCloseable {
    public static final String SUBNET_PREFIX = "10.199.";
    private static final Path IP_FORWARD = Path.of("/proc/sys/net/ipv4/ip_forward");

    private final Path cniDir;
    private final String bridge;
    private final String ipForwardBefore;
    private final boolean portmapChainsBefore = dev.hako.testkit.net.PortmapChains.present();
    private HakoDaemon hakod;
    private CriClient cri;

    private CriFixture(Path cniDir, String bridge, String ipForwardBefore) {
        this.cniDir = cniDir;
        this.bridge = bridge;
        this.ipForwardBefore = ipForwardBefore;
    }

    public static CriFixture start() throws IOException {
        CniPrerequisites.require();
        var random = ThreadLocalRandom.current();
        CriFixture fx = new CriFixture(Files.createTempDirectory("hako-it-cni-"),
                "hkit" + HexFormat.of().toHexDigits((short) random.nextInt(1 << 16)), Files.readString(IP_FORWARD).strip());
        try {
            Path conf = Files.createDirectories(fx.cniDir.resolve("net.d"));
            Files.writeString(conf.resolve("10-test.conflist"), """
                    {"cniVersion": "1.0.0", "name": "hako-it", "plugins": [
                      {"type": "bridge", "bridge": "%s", "isGateway": true, "ipMasq": false, "hairpinMode": true,
                       "ipam": {"type": "host-local", "dataDir": "%s", "ranges": [[{"subnet": "10.199.0.0/24"}]],
                                "routes": [{"dst": "0.0.0.0/0"}]}},
                      {"type": "portmap", "capabilities": {"portMappings": true}}
                    ]}
                    """.formatted(fx.bridge, fx.cniDir.resolve("ipam")));
            fx.hakod = HakoDaemon.start("""
                    [cni]
                    conf_dir = "%s"
                    bin_dirs = ["/usr/lib/cni"]
                    """.formatted(conf));
            fx.hakod.hako(new ByteArrayInputStream(Busybox.rootfs().build()), "image", "import", "--change", "CMD [\"sh\"]",
                    "--change", "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "-", "busybox:latest")
                    .requireSuccess();
            fx.cri = new CriClient(fx.hakod.socket());
            return fx;
        } catch (IOException | RuntimeException e) {
            fx.close();
            throw e;
        }
    }

    public HakoDaemon hakod() {
        return hakod;
    }

    public CriClient cri() {
        return cri;
    }

    public io.grpc.ManagedChannel channel() {
        return cri.channel();
    }

    /** The host-local plugin's store of the test network (one file per leased IP). */
    public Path ipam() {
        return cniDir.resolve("ipam").resolve("hako-it");
    }

    /** kill -9 of hakod, a new start on the same directories, and a new client. */
    public void killAndRestart() throws Exception {
        cri.close();
        hakod.kill9();
        hakod.restart();
        cri = new CriClient(hakod.socket());
    }

    @Override
    public void close() {
        try {
            if (cri != null) {
                cri.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (hakod != null) {
            hakod.close();
        }
        try {
            new ProcessBuilder("ip", "link", "del", bridge).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            dev.hako.sys.FileTrees.deleteRecursively(cniDir);
            Files.writeString(IP_FORWARD, ipForwardBefore);
            dev.hako.testkit.net.PortmapChains.removeIfMadeHere(portmapChainsBefore);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
