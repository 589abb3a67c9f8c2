package dev.hako.cli.commands;

import dev.hako.api.v1.InfoRequest;
import dev.hako.api.v1.InfoResponse;
import dev.hako.api.v1.RuntimeHandlerInfo;
import dev.hako.api.v1.SystemGrpc;
import dev.hako.api.v1.VersionRequest;
import dev.hako.api.v1.VersionResponse;
import dev.hako.cli.CliRunner;
import dev.hako.cli.CliRunner.Result;
import dev.hako.cli.FakeDaemon;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SystemCommandsTest {
    private FakeDaemon daemon;
    private CliRunner hako;

    @BeforeEach
    void start(@TempDir Path dir) throws Exception {
        daemon = FakeDaemon.start(dir, new SystemGrpc.SystemImplBase() {
            @Override
            public void version(VersionRequest request, StreamObserver<VersionResponse> response) {
                response.onNext(VersionResponse.newBuilder().setVersion("0.1.0").setApiVersion("v1")
                        .setGitCommit("ad48ea0").setJavaVersion("25.0.1").setOs("linux").setArch("amd64").build());
                response.onCompleted();
            }

            @Override
            public void info(InfoRequest request, StreamObserver<InfoResponse> response) {
                response.onNext(InfoResponse.newBuilder().setRootDir("/var/lib/hako").setStateDir("/run/hako")
                        .setSocket("/run/hako/hako.sock").setContentDir("/var/lib/hako/content")
                        .setSnapshotsDir("/var/lib/hako/snapshots").setDatabase("/var/lib/hako/hako.db")
                        .setImages(3).setDiskUsedBytes(12_345_678).setContentBytes(10_000_000).setSnapshotBytes(2_345_678)
                        .setStorageDriver("overlayfs").setVersion("0.1.0")
                        .setContainers(3).setContainersRunning(1).setContainersStopped(2).setCgroupVersion("hybrid")
                        .setDefaultRuntime("runc").setConmon("/usr/bin/conmon").setResourceLimitsRestricted(true)
                        .addRuntimes(RuntimeHandlerInfo.newBuilder().setName("runc").setPath("/usr/sbin/runc").setFound(true)
                                .setVersion("runc version 1.1.5").setIsolation("namespaces").setRoot("/run/hako/runc"))
                        .addRuntimes(RuntimeHandlerInfo.newBuilder().setName("runsc").setPath("runsc").setIsolation("user-space-kernel"))
                        .build());
                response.onCompleted();
            }
        });
        hako = new CliRunner().socket(daemon.socket());
    }

    @AfterEach
    void stop() throws Exception {
        daemon.close();
    }

    @Test
    void versionShowsClientAndServer() {
        Result r = hako.run("version");
        assertEquals(0, r.status(), r::toString);
        assertTrue(r.out().startsWith("Client:\n Version:           "), r::toString);
        assertTrue(r.out().endsWith("""

                Server: hakod
                 Engine:
                  Version:          0.1.0
                  API version:      v1
                  Java version:     25.0.1
                  Git commit:       ad48ea0
                  OS/Arch:          linux/amd64
                """), r::toString);
        assertEquals("", r.err());
    }

    @Test
    void infoShowsTheStore() {
        Result r = hako.run("info");
        assertEquals(0, r.status(), r::toString);
        assertEquals("""
                Server:
                 Containers: 3
                  Running: 1
                  Stopped: 2
                 Images: 3
                 Server Version: 0.1.0
                 Storage Driver: overlayfs
                 Cgroup Version: hybrid
                 Runtimes: runc runsc
                 Default Runtime: runc
                  runc: /usr/sbin/runc, runc version 1.1.5, isolation: namespaces, root: /run/hako/runc
                  runsc: not found (runsc), isolation: user-space-kernel
                 Conmon: /usr/bin/conmon
                 Hako Root Dir: /var/lib/hako
                 Hako State Dir: /run/hako
                 Socket: /run/hako/hako.sock
                 Content Dir: /var/lib/hako/content
                 Snapshots Dir: /var/lib/hako/snapshots
                 Database: /var/lib/hako/hako.db
                 Disk Used: 12.35MB (content: 10MB, snapshots: 2.346MB)
                """, r.out());
        assertEquals("WARNING: hakod cannot lower oom_score_adj or raise hard rlimits (no CAP_SYS_RESOURCE): they are clamped\n",
                r.err());
    }
}
