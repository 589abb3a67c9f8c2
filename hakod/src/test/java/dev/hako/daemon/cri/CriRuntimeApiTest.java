package dev.hako.daemon.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.cri.v1.ListPodSandboxRequest;
import dev.hako.cri.v1.ListPodSandboxResponse;
import dev.hako.cri.v1.PodSandboxConfig;
import dev.hako.cri.v1.PodSandboxMetadata;
import dev.hako.cri.v1.PodSandboxStatsRequest;
import dev.hako.cri.v1.PodSandboxStatsResponse;
import dev.hako.cri.v1.PodSandboxStatusRequest;
import dev.hako.cri.v1.PodSandboxStatusResponse;
import dev.hako.cri.v1.PortForwardRequest;
import dev.hako.cri.v1.PortForwardResponse;
import dev.hako.cri.v1.PortMapping;
import dev.hako.cri.v1.RemovePodSandboxRequest;
import dev.hako.cri.v1.RemovePodSandboxResponse;
import dev.hako.cri.v1.RunPodSandboxRequest;
import dev.hako.cri.v1.RunPodSandboxResponse;
import dev.hako.cri.v1.StatusRequest;
import dev.hako.cri.v1.StatusResponse;
import dev.hako.cri.v1.StopPodSandboxRequest;
import dev.hako.cri.v1.StopPodSandboxResponse;
import dev.hako.cri.v1.StreamPodSandboxesRequest;
import dev.hako.cri.v1.StreamPodSandboxesResponse;
import dev.hako.cri.v1.VersionRequest;
import dev.hako.cri.v1.VersionResponse;
import dev.hako.metadata.ContainerRecords;
import dev.hako.metadata.Database;
import dev.hako.metadata.PodRecords;
import dev.hako.pods.PodNetwork;
import dev.hako.pods.PodPaths;
import dev.hako.pods.PodService;
import io.grpc.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gRPC class only delegates: each call reaches its group and comes back as the CRI wants it,
 * answers as answers and hako's error kinds as their status codes. The pod service runs on a real
 * database in a temporary directory with a fake network; what needs root is not reached.
 */
class CriRuntimeApiTest {
    private static final Duration NOW = Duration.ZERO;

    @TempDir
    Path dir;
    private Database db;
    private Supplier<Optional<String>> networkNotReady = Optional::empty;
    private CriRuntimeApi api;

    /** A network that is never asked to connect anything in these tests. */
    private final PodNetwork network = new PodNetwork() {
        @Override
        public Optional<String> notReadyReason() {
            return networkNotReady.get();
        }

        @Override
        public List<String> setUp(Request request) {
            throw new AssertionError("no pod is run here");
        }

        @Override
        public void check(Request request) {}

        @Override
        public void tearDown(Request request) {}
    };

    @BeforeEach
    void start() throws Exception {
        db = Database.open(dir.resolve("metadata.db"));
        PodService pods = new PodService(new PodRecords(db), new ContainerRecords(db), null, network,
                new PodPaths(dir.resolve("pods")), Set.of("runc"));
        api = new CriRuntimeApi(new CriStatusCalls(network, List.of("runc", "crun"), null, null),
                new CriSandboxCalls(pods, null, null), null, new CriExecCalls(pods, null, null),
                new CriStatsCalls(pods, null, dir), null);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void answersComeBackAsMessages() throws Exception {
        FakeServerCall<VersionResponse> version = new FakeServerCall<>(true);
        api.version(VersionRequest.getDefaultInstance(), version);
        assertEquals("hako", version.next(NOW).getRuntimeName());
        assertTrue(version.isCompleted());

        networkNotReady = () -> Optional.of("no network config found in /etc/cni/net.d");
        FakeServerCall<StatusResponse> status = new FakeServerCall<>(true);
        api.status(StatusRequest.getDefaultInstance(), status);
        StatusResponse s = status.next(NOW);
        assertEquals(List.of("runc", "crun"), s.getRuntimeHandlersList().stream().map(h -> h.getName()).toList());
        var ready = s.getStatus().getConditions(1);
        assertEquals("NetworkReady", ready.getType());
        assertFalse(ready.getStatus());
        assertEquals("NetworkPluginNotReady", ready.getReason());

        FakeServerCall<ListPodSandboxResponse> list = new FakeServerCall<>(true);
        api.listPodSandbox(ListPodSandboxRequest.getDefaultInstance(), list);
        assertEquals(0, list.next(NOW).getItemsCount());
        FakeServerCall<StreamPodSandboxesResponse> streamed = new FakeServerCall<>(true);
        api.streamPodSandboxes(StreamPodSandboxesRequest.getDefaultInstance(), streamed);
        assertEquals(List.of(StreamPodSandboxesResponse.getDefaultInstance()), streamed.receivedSoFar());
        assertTrue(streamed.isCompleted());
    }

    @Test
    void stopAndRemoveOfAPodThatIsGoneSucceed() throws Exception {
        FakeServerCall<StopPodSandboxResponse> stop = new FakeServerCall<>(true);
        api.stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId("abc123").build(), stop);
        assertTrue(stop.isCompleted());
        FakeServerCall<RemovePodSandboxResponse> remove = new FakeServerCall<>(true);
        api.removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId("abc123").build(), remove);
        assertTrue(remove.isCompleted());
    }

    @Test
    void errorKindsBecomeTheirStatusCodes() throws Exception {
        FakeServerCall<PodSandboxStatusResponse> missing = new FakeServerCall<>(true);
        api.podSandboxStatus(PodSandboxStatusRequest.newBuilder().setPodSandboxId("abc123").build(), missing);
        assertStatus(missing, Status.Code.NOT_FOUND, "pod sandbox abc123 not found");

        FakeServerCall<PodSandboxStatsResponse> noId = new FakeServerCall<>(true);
        api.podSandboxStats(PodSandboxStatsRequest.getDefaultInstance(), noId);
        assertStatus(noId, Status.Code.INVALID_ARGUMENT, "PodSandboxId is required");

        FakeServerCall<PortForwardResponse> forward = new FakeServerCall<>(true);
        api.portForward(PortForwardRequest.newBuilder().setPodSandboxId("abc123").addPort(80).build(), forward);
        assertStatus(forward, Status.Code.NOT_FOUND, "pod sandbox abc123 not found");

        FakeServerCall<RunPodSandboxResponse> noConfig = new FakeServerCall<>(true);
        api.runPodSandbox(RunPodSandboxRequest.getDefaultInstance(), noConfig);
        assertStatus(noConfig, Status.Code.INVALID_ARGUMENT, "RunPodSandboxRequest.config is required");

        FakeServerCall<RunPodSandboxResponse> badPort = new FakeServerCall<>(true);
        api.runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(pod().addPortMappings(PortMapping.newBuilder()
                .setContainerPort(0).setHostPort(8080))).build(), badPort);
        assertStatus(badPort, Status.Code.INVALID_ARGUMENT, "invalid container port 0");

        FakeServerCall<RunPodSandboxResponse> badHandler = new FakeServerCall<>(true);
        api.runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(pod()).setRuntimeHandler("kata").build(), badHandler);
        assertStatus(badHandler, Status.Code.INVALID_ARGUMENT, "runtime handler \"kata\" is not configured (configured: runc)");
    }

    @Test
    void anUnexpectedFailureIsInternalWithItsMessage() throws Exception {
        networkNotReady = () -> {
            throw new IllegalStateException("the CNI directory vanished");
        };
        FakeServerCall<StatusResponse> status = new FakeServerCall<>(true);
        api.status(StatusRequest.getDefaultInstance(), status);
        assertStatus(status, Status.Code.INTERNAL, "the CNI directory vanished");
    }

    private static PodSandboxConfig.Builder pod() {
        return PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder().setName("web").setNamespace("default").setUid("u1"));
    }

    private static void assertStatus(FakeServerCall<?> call, Status.Code code, String description) throws Exception {
        Status status = call.errorStatus(NOW);
        assertEquals(code, status.getCode(), String.valueOf(status));
        assertTrue(status.getDescription().contains(description), status.getDescription());
        assertNull(call.next(NOW));
        assertFalse(call.isCompleted());
    }
}
