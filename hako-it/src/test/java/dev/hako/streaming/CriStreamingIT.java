package dev.hako.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hako.cri.v1.AttachRequest;
import dev.hako.cri.v1.ContainerConfig;
import dev.hako.cri.v1.ContainerMetadata;
import dev.hako.cri.v1.CreateContainerRequest;
import dev.hako.cri.v1.ExecRequest;
import dev.hako.cri.v1.ImageSpec;
import dev.hako.cri.v1.ImageStatusRequest;
import dev.hako.cri.v1.PodSandboxConfig;
import dev.hako.cri.v1.PodSandboxMetadata;
import dev.hako.cri.v1.PortForwardRequest;
import dev.hako.cri.v1.RemovePodSandboxRequest;
import dev.hako.cri.v1.RunPodSandboxRequest;
import dev.hako.cri.v1.RuntimeServiceGrpc;
import dev.hako.cri.v1.StartContainerRequest;
import dev.hako.it.cri.CriFixture;
import dev.hako.oci.Json;
import dev.hako.streaming.SpdyTestClient.ClientStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Exec, Attach and PortForward as the kubelet and crictl use them: the CRI call returns a URL on
 * hakod's streaming server, and a client (the streaming module's SPDY and WebSocket test clients,
 * which follow client-go) speaks the Kubernetes protocols to a real container in a real pod.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CriStreamingIT {
    private CriFixture fx;
    private String podId;
    private String containerId;

    @BeforeAll
    void start() throws Exception {
        fx = CriFixture.start();
        PodSandboxConfig pod = PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder().setName("streams").setNamespace("default").setUid("uid-s"))
                .setHostname("streams").build();
        podId = runtime().runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(pod).build()).getPodSandboxId();
        String image = fx.cri().images().imageStatus(ImageStatusRequest.newBuilder()
                .setImage(ImageSpec.newBuilder().setImage("busybox:latest")).build()).getImage().getId();
        // A web server on 8080 inside the pod's own network namespace (port-forward's target), and a
        // main process that echoes what it reads on stdin (attach's).
        ContainerConfig config = ContainerConfig.newBuilder()
                .setMetadata(ContainerMetadata.newBuilder().setName("app"))
                .setImage(ImageSpec.newBuilder().setImage(image))
                .addAllCommand(List.of("sh", "-c", "mkdir -p /www && echo pod-page > /www/index.html && "
                        + "httpd -p 127.0.0.1:8080 -h /www && while read line; do echo \"got $line\"; done"))
                .setStdin(true)
                .build();
        containerId = runtime().createContainer(CreateContainerRequest.newBuilder().setPodSandboxId(podId)
                .setConfig(config).setSandboxConfig(pod).build()).getContainerId();
        runtime().startContainer(StartContainerRequest.newBuilder().setContainerId(containerId).build());
    }

    @AfterAll
    void stop() throws Exception {
        if (fx != null) {
            if (podId != null) {
                runtime().removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(podId).build());
            }
            fx.close();
        }
    }

    private RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime() {
        return fx.cri().runtime();
    }

    private String execUrl(boolean stdin, String... cmd) {
        return runtime().exec(ExecRequest.newBuilder().setContainerId(containerId).addAllCmd(List.of(cmd))
                .setStdin(stdin).setStdout(true).setStderr(true).build()).getUrl();
    }

    @Test
    void execOverSpdyGivesTheOutputAndTheExitCode() throws Exception {
        String url = execUrl(false, "sh", "-c", "echo out; echo err >&2; exit 3");
        assertTrue(url.startsWith("http://127.0.0.1:") && url.contains("/exec/"), url);
        try (SpdyTestClient c = SpdyTestClient.connect(url, "v4.channel.k8s.io")) {
            ClientStream error = c.openAndWait(Map.of("streamtype", "error"));
            ClientStream out = c.openAndWait(Map.of("streamtype", "stdout"));
            ClientStream err = c.openAndWait(Map.of("streamtype", "stderr"));
            assertEquals("out\n", out.readAllText());
            assertEquals("err\n", err.readAllText());
            JsonNode status = Json.MAPPER.readTree(error.readAllText());
            assertEquals("NonZeroExitCode", status.get("reason").asText());
            assertEquals("3", status.at("/details/causes/0/message").asText());
        }
    }

    @Test
    void execOverWebSocketPassesStdinThrough() throws Exception {
        String url = execUrl(true, "sh", "-c", "read a; echo \"hello $a\"; hostname");
        try (WebSocketTestClient ws = WebSocketTestClient.connect(url, "v5.channel.k8s.io")) {
            ws.send(0, "kube\n");
            ws.sendCloseSignal(0);
            assertEquals("hello kube\nstreams\n", ws.awaitClosedAndRead(1));
            assertEquals("Success", Json.MAPPER.readTree(ws.read(3)).get("status").asText());
        }
    }

    @Test
    void attachJoinsTheContainersOwnStdio() throws Exception {
        String url = runtime().attach(AttachRequest.newBuilder().setContainerId(containerId)
                .setStdin(true).setStdout(true).build()).getUrl();
        try (WebSocketTestClient ws = WebSocketTestClient.connect(url, "v4.channel.k8s.io")) {
            ws.send(0, "ping\n");
            assertEquals("got ping\n", new String(ws.awaitBytes(1, "got ping\n".length())));
        }
    }

    @Test
    void portForwardReachesAPortInsideThePod() throws Exception {
        String url = runtime().portForward(PortForwardRequest.newBuilder().setPodSandboxId(podId).addPort(8080).build())
                .getUrl();
        String page = null;
        for (int attempt = 0; attempt < 50 && page == null; attempt++) {
            try (SpdyTestClient c = SpdyTestClient.connect(url, "portforward.k8s.io")) {
                ClientStream error = c.openAndWait(Map.of("streamtype", "error", "port", "8080", "requestid", "1"));
                c.finish(error);
                ClientStream data = c.openAndWait(Map.of("streamtype", "data", "port", "8080", "requestid", "1"));
                c.send(data, "GET /index.html HTTP/1.0\r\n\r\n");
                String response = data.readAllText();
                page = response.contains("pod-page") ? response : null;
            }
            if (page == null) {
                Thread.sleep(100); // httpd may not listen yet
                url = runtime().portForward(PortForwardRequest.newBuilder().setPodSandboxId(podId).addPort(8080).build())
                        .getUrl();
            }
        }
        assertTrue(page != null && page.contains("pod-page"), "the pod's page came back through the forward");
        // The host's own 127.0.0.1:8080 is not the pod's: nothing listens there.
        try (var s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress("127.0.0.1", 8080), 500);
            throw new AssertionError("something listens on the host's 127.0.0.1:8080; the test cannot tell the pod from the host");
        } catch (java.io.IOException expected) {
            // as it should be
        }
    }

    @Test
    void execWithATerminalFollowsItsSize() throws Exception {
        String url = runtime().exec(ExecRequest.newBuilder().setContainerId(containerId)
                .addAllCmd(List.of("sh", "-c", "while read x; do stty size; done"))
                .setTty(true).setStdin(true).setStdout(true).build()).getUrl();
        try (WebSocketTestClient ws = WebSocketTestClient.connect(url, "v4.channel.k8s.io")) {
            // Sizes and input travel on separate streams, so a line may reach the shell before the
            // size sent ahead of it is applied: ask again (an empty line) until the size shows.
            ws.send(4, "{\"Width\":100,\"Height\":30}");
            String first = askUntilSizeShows(ws, "30 100");
            ws.send(4, "{\"Width\":132,\"Height\":50}");
            String second = askUntilSizeShows(ws, "50 132");
            ws.send(0, "\u0004"); // end of input: the loop and the shell end
            ws.awaitClosedAndRead(1);
            assertTrue(first.contains("30 100") && second.contains("50 132"),
                    "the terminal's sizes, as the client sent them: " + first + " / " + second);
            assertEquals("Success", Json.MAPPER.readTree(ws.read(3)).get("status").asText());
        }
    }

    @Test
    void aTerminalNeverBecomesTheDaemonsControllingTerminal() throws Exception {
        long pid = fx.hakod().pid();
        assertEquals(pid, statField(pid, 6), "hakod leads a session of its own, as the service script starts it");
        for (int i = 0; i < 3; i++) {
            String url = runtime().exec(ExecRequest.newBuilder().setContainerId(containerId)
                    .addAllCmd(List.of("sh", "-c", "tty; exit 0")).setTty(true).setStdout(true).build()).getUrl();
            try (WebSocketTestClient ws = WebSocketTestClient.connect(url, "v4.channel.k8s.io")) {
                assertTrue(ws.awaitClosedAndRead(1).startsWith("/dev/pts/"), "the exec had a terminal");
            }
        }
        Thread.sleep(200); // a SIGHUP from a closed controlling terminal would have arrived by now
        assertTrue(fx.hakod().isAlive(), "hakod lives on after its execs' terminals closed:\n" + fx.hakod().log());
        assertEquals(0, statField(pid, 7), "hakod has no controlling terminal");
    }

    @Test
    void anExecWhoseClientGoesAwayEndsInTheContainerToo() throws Exception {
        String marker = Integer.toString(100_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(800_000));
        for (boolean tty : new boolean[] {false, true}) {
            String url = runtime().exec(ExecRequest.newBuilder().setContainerId(containerId)
                    .addAllCmd(List.of("sleep", marker)).setTty(tty).setStdout(true).build()).getUrl();
            try (WebSocketTestClient ws = WebSocketTestClient.connect(url, "v4.channel.k8s.io")) {
                awaitProcess(marker, true);
            }
            awaitProcess(marker, false);
        }
    }

    /** Field {@code n} (1-based, as proc(5) counts) of /proc/PID/stat, for the numeric fields after the command. */
    private static long statField(long pid, int n) throws java.io.IOException {
        String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(pid), "stat"));
        String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(after[n - 3]);
    }

    /** Waits until a process "sleep MARKER" runs (or no longer runs) anywhere on the host. */
    static void awaitProcess(String marker, boolean running) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (sleeping(marker) == running) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("sleep " + marker + (running ? " never started" : " still runs in the container"));
    }

    private static boolean sleeping(String marker) throws java.io.IOException {
        byte[] wanted = ("sleep\0" + marker + "\0").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try (var procs = java.nio.file.Files.newDirectoryStream(java.nio.file.Path.of("/proc"), "[0-9]*")) {
            for (java.nio.file.Path p : procs) {
                try {
                    if (java.util.Arrays.equals(wanted, java.nio.file.Files.readAllBytes(p.resolve("cmdline")))) {
                        return true;
                    }
                } catch (java.io.IOException gone) {
                    // ended meanwhile
                }
            }
        }
        return false;
    }

    private static String askUntilSizeShows(WebSocketTestClient ws, String size) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        String seen = "";
        while (!seen.contains(size) && System.nanoTime() < deadline) {
            ws.send(0, "\r");
            Thread.sleep(50);
            seen = ws.read(1);
        }
        return seen;
    }

    @Test
    void attachOverSpdy() throws Exception {
        String url = runtime().attach(AttachRequest.newBuilder().setContainerId(containerId)
                .setStdin(true).setStdout(true).build()).getUrl();
        try (SpdyTestClient c = SpdyTestClient.connect(url, "v4.channel.k8s.io")) {
            c.openAndWait(Map.of("streamtype", "error"));
            ClientStream stdin = c.openAndWait(Map.of("streamtype", "stdin"));
            ClientStream out = c.openAndWait(Map.of("streamtype", "stdout"));
            c.send(stdin, "spdy\n");
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!out.textSoFar().contains("got spdy") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(out.textSoFar().contains("got spdy\n"), out.textSoFar());
        }
    }

    @Test
    void portForwardOverWebSocket() throws Exception {
        String page = null;
        for (int attempt = 0; attempt < 50 && page == null; attempt++) {
            String url = runtime().portForward(PortForwardRequest.newBuilder().setPodSandboxId(podId).addPort(8080).build())
                    .getUrl();
            try (WebSocketTestClient ws = WebSocketTestClient.connect(url, "v4.channel.k8s.io")) {
                byte[] port = {(byte) 8080, (byte) (8080 >>> 8)};
                org.junit.jupiter.api.Assertions.assertArrayEquals(port, ws.awaitBytes(0, 2));
                ws.send(0, "GET /index.html HTTP/1.0\r\n\r\n");
                long deadline = System.nanoTime() + 5_000_000_000L;
                String got = "";
                while (!got.contains("pod-page") && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                    got = new String(ws.readBytes(0), java.nio.charset.StandardCharsets.UTF_8);
                }
                page = got.contains("pod-page") ? got : null;
            }
            if (page == null) {
                Thread.sleep(100);
            }
        }
        assertTrue(page != null, "the pod's page came back through a WebSocket forward");
    }

    @Test
    void aUrlIsGoodForOneUseOnly() throws Exception {
        String url = execUrl(false, "true");
        try (SpdyTestClient c = SpdyTestClient.connect(url, "v4.channel.k8s.io")) {
            ClientStream error = c.openAndWait(Map.of("streamtype", "error"));
            c.openAndWait(Map.of("streamtype", "stdout"));
            c.openAndWait(Map.of("streamtype", "stderr"));
            error.readAll();
        }
        assertEquals(404, SpdyTestClient.request(url, "POST", Map.of()).status());
    }
}
