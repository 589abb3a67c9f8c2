package dev.hako.cli.commands;

import dev.hako.api.v1.ContainerStatsResponse;
import dev.hako.api.v1.ContainerSummary;
import dev.hako.api.v1.ImagesGrpc;
import dev.hako.api.v1.InspectImageRequest;
import dev.hako.api.v1.InspectImageResponse;
import dev.hako.api.v1.TopProcess;
import dev.hako.api.v1.TopRequest;
import dev.hako.api.v1.TopResponse;
import dev.hako.cli.CliRunner;
import dev.hako.cli.CliRunner.Result;
import dev.hako.cli.FakeContainers;
import dev.hako.cli.FakeDaemon;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.hako.cli.CliRunner.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** ps, inspect, stats and top against a fake daemon. */
class ContainerListingTest {
    static final String WEB = "aaaaaaaaaaaabbbbbbbbbbbbccccccccccccddddddddddddeeeeeeeeeeeeffff";
    static final String OLD = "1111111111112222222222223333333333334444444444445555555555556666";

    @TempDir
    Path dir;
    private final FakeContainers containers = new FakeContainers();
    private FakeDaemon daemon;
    private CliRunner hako;

    @BeforeEach
    void start() throws Exception {
        daemon = FakeDaemon.start(dir, containers, new ImagesGrpc.ImagesImplBase() {
            @Override
            public void inspect(InspectImageRequest request, StreamObserver<InspectImageResponse> response) {
                if (request.getReference().equals("busybox")) {
                    response.onNext(InspectImageResponse.newBuilder().setJson("{\"Id\":\"sha256:abc\"}").build());
                    response.onCompleted();
                } else {
                    response.onError(Status.NOT_FOUND.withDescription("No such image: " + request.getReference()).asRuntimeException());
                }
            }
        });
        hako = new CliRunner().socket(daemon.socket());
        containers.summaries.add(ContainerSummary.newBuilder().setId(OLD).setName("old_otter").setImage("docker.io/library/busybox:latest")
                .setCommand("true").setCreatedUnix(NOW.minusSeconds(3 * 3600).getEpochSecond()).setState("exited")
                .setStatus("Exited (0) 2 hours ago").build());
        containers.summaries.add(ContainerSummary.newBuilder().setId(WEB).setName("/web").setImage("localhost:5000/app@sha256:" + "9".repeat(64))
                .setCommand("sh -c 'while true; do date; sleep 1; done'").setCreatedUnix(NOW.minusSeconds(5).getEpochSecond())
                .setState("running").setStatus("Up 4 seconds").build());
    }

    @AfterEach
    void stop() {
        daemon.close();
    }

    @Test
    void psShowsRunningContainersInDockersTable() {
        Result r = hako.run("ps");
        assertEquals(0, r.status(), r::toString);
        assertEquals("""
                CONTAINER ID   IMAGE                COMMAND                  CREATED         STATUS         PORTS     NAMES
                aaaaaaaaaaaa   localhost:5000/app   "sh -c 'while true; …"   5 seconds ago   Up 4 seconds             web
                """, r.out());
    }

    @Test
    void psAllNewestFirst() {
        Result r = hako.run("ps", "-a");
        assertEquals("""
                CONTAINER ID   IMAGE                COMMAND                  CREATED         STATUS                   PORTS     NAMES
                aaaaaaaaaaaa   localhost:5000/app   "sh -c 'while true; …"   5 seconds ago   Up 4 seconds                       web
                111111111111   busybox:latest       "true"                   3 hours ago     Exited (0) 2 hours ago             old_otter
                """, r.out());
    }

    @Test
    void psQuietAndNoTrunc() {
        assertEquals("aaaaaaaaaaaa\n111111111111\n", hako.run("ps", "-aq").out());
        assertEquals(WEB + "\n" + OLD + "\n", hako.run("ps", "-a", "-q", "--no-trunc").out());
        String wide = hako.run("ps", "--no-trunc").out();
        assertEquals("\"sh -c 'while true; do date; sleep 1; done'\"", wide.lines().toList().get(1).split("   ")[2].trim());
    }

    @Test
    void psJsonLines() {
        Result r = hako.run("ps", "--format", "json");
        assertEquals("{\"Command\":\"\\\"sh -c 'while true; …\\\"\",\"CreatedAt\":\"2025-06-01 11:59:55 +0000 UTC\","
                + "\"ID\":\"aaaaaaaaaaaa\",\"Image\":\"localhost:5000/app\",\"Labels\":\"\",\"LocalVolumes\":\"0\","
                + "\"Mounts\":\"\",\"Names\":\"web\",\"Networks\":\"\",\"Ports\":\"\",\"RunningFor\":\"5 seconds ago\","
                + "\"Size\":\"0B\",\"State\":\"running\",\"Status\":\"Up 4 seconds\"}\n", r.out());
        assertEquals(125, hako.run("ps", "--format", "{{.ID}}").status());
    }

    @Test
    void psIsAlsoContainerLsAndItsAliases() {
        String table = hako.run("ps", "-a").out();
        assertEquals(table, hako.run("container", "ls", "-a").out());
        assertEquals(table, hako.run("container", "list", "-a").out());
        assertEquals(table, hako.run("container", "ps", "-a").out());
    }

    @Test
    void inspectTriesContainersThenImages() {
        containers.inspectJson.put("web", "{\"Id\":\"" + WEB + "\",\"State\":{\"Running\":true}}");
        Result r = hako.run("inspect", "web", "busybox", "nothing");
        assertEquals(1, r.status());
        assertEquals("""
                [
                    {
                        "Id": "%s",
                        "State": {
                            "Running": true
                        }
                    },
                    {
                        "Id": "sha256:abc"
                    }
                ]
                """.formatted(WEB), r.out());
        assertEquals("Error: No such object: nothing\n", r.err());
    }

    @Test
    void inspectByType() {
        containers.inspectJson.put("busybox", "{\"Id\":\"container-named-busybox\"}");
        Result r = hako.run("inspect", "--type", "image", "busybox");
        assertEquals(0, r.status(), r::toString);
        assertEquals("[\n    {\n        \"Id\": \"sha256:abc\"\n    }\n]\n", r.out());
        r = hako.run("inspect", "--type", "container", "web");
        assertEquals("[]\n", r.out());
        assertEquals("Error: No such container: web\n", r.err());
        assertEquals(125, hako.run("inspect", "--type", "volume", "x").status());
        r = hako.run("container", "inspect", "busybox");
        assertEquals("[\n    {\n        \"Id\": \"container-named-busybox\"\n    }\n]\n", r.out());
    }

    @Test
    void statsNoStreamOfTheRunningContainers() {
        containers.stats.put(WEB, ContainerStatsResponse.newBuilder().setId(WEB).setName("/web").setCpuPercent(12.3456)
                .setMemoryUsage(1_228_800).setMemoryLimit(64L << 20).setPids(3).build());
        Result r = hako.run("stats", "--no-stream");
        assertEquals(0, r.status(), r::toString);
        assertEquals("""
                CONTAINER ID   NAME      CPU %     MEM USAGE / LIMIT   MEM %     NET I/O   BLOCK I/O   PIDS
                aaaaaaaaaaaa   web       12.35%    1.172MiB / 64MiB    1.83%     --        --          3
                """, r.out());
    }

    @Test
    void statsOfAMissingContainerFails() {
        Result r = hako.run("stats", "--no-stream", "ghost");
        assertEquals(1, r.status());
        assertEquals("Error response from daemon: No such container: ghost\n", r.err());
    }

    @Test
    void topPassesPsOptionsAndAlignsTheTable() {
        containers.top = TopResponse.newBuilder().addAllTitles(List.of("UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"))
                .addProcesses(TopProcess.newBuilder().addAllFields(List.of("root", "4242", "4230", "0", "12:00", "?", "00:00:00", "sleep 100")))
                .build();
        Result r = hako.run("top", "web", "-o", "pid,comm");
        assertEquals(0, r.status(), r::toString);
        assertEquals(List.of("-o", "pid,comm"), ((TopRequest) containers.requests.getLast()).getPsArgsList());
        assertEquals("""
                UID                 PID                 PPID                C                   STIME               TTY                 TIME                CMD
                root                4242                4230                0                   12:00               ?                   00:00:00            sleep 100
                """, r.out());
    }
}
