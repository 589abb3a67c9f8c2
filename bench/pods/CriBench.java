import dev.hako.cri.v1.ContainerConfig;
import dev.hako.cri.v1.ContainerMetadata;
import dev.hako.cri.v1.ContainerState;
import dev.hako.cri.v1.ContainerStatus;
import dev.hako.cri.v1.ContainerStatusRequest;
import dev.hako.cri.v1.CreateContainerRequest;
import dev.hako.cri.v1.ImageServiceGrpc;
import dev.hako.cri.v1.ImageSpec;
import dev.hako.cri.v1.ImageStatusRequest;
import dev.hako.cri.v1.LinuxContainerConfig;
import dev.hako.cri.v1.LinuxContainerSecurityContext;
import dev.hako.cri.v1.LinuxPodSandboxConfig;
import dev.hako.cri.v1.LinuxSandboxSecurityContext;
import dev.hako.cri.v1.NamespaceMode;
import dev.hako.cri.v1.NamespaceOption;
import dev.hako.cri.v1.PodSandboxConfig;
import dev.hako.cri.v1.PodSandboxMetadata;
import dev.hako.cri.v1.PodSandboxState;
import dev.hako.cri.v1.PodSandboxStatus;
import dev.hako.cri.v1.PodSandboxStatusRequest;
import dev.hako.cri.v1.RemoveContainerRequest;
import dev.hako.cri.v1.RemovePodSandboxRequest;
import dev.hako.cri.v1.RunPodSandboxRequest;
import dev.hako.cri.v1.RuntimeServiceGrpc;
import dev.hako.cri.v1.SecurityProfile;
import dev.hako.cri.v1.StartContainerRequest;
import dev.hako.cri.v1.StatusRequest;
import dev.hako.cri.v1.StopContainerRequest;
import dev.hako.cri.v1.StopPodSandboxRequest;
import dev.hako.cri.v1.VersionRequest;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioDomainSocketChannel;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The CRI client of bench/pods/run.sh: one long-lived process that drives two runtimes through the
 * same CRI v1 requests, as a kubelet does (one gRPC connection per runtime, blocking calls from
 * worker threads). bench/pods/run.sh runs it as a coprocess: one request line in, one answer line out.
 *
 *   version TOOL            answers "ok NAME VERSION API_VERSION" (RuntimeService.Version; Status checked)
 *   image TOOL REF          resolves REF with ImageStatus; later containers use the image ID, as the
 *                           kubelet does; answers "ok ID"
 *   pod TOOL NAME           one pod: RunPodSandbox, CreateContainer (busybox, sleep 3600),
 *                           StartContainer, ContainerStatus until CONTAINER_RUNNING (timed: the pod's
 *                           start latency); then, untimed, PodSandboxStatus (ready, IP in the tool's
 *                           subnet); then the teardown, timed on its own: StopContainer (timeout 0),
 *                           RemoveContainer, StopPodSandbox, RemovePodSandbox. Answers
 *                           "ok START RUN_SANDBOX CREATE START_CONTAINER TO_RUNNING POLLS TEARDOWN IP STATUS"
 *                           (seconds; POLLS: ContainerStatus calls until running; STATUS: the median of
 *                           5 more ContainerStatus calls once it runs, untimed for the start)
 *   batch TOOL C NAME       C pods at once (C threads released together): each pod's start latency,
 *                           the batch's wall time until the last one runs, then all torn down at once.
 *                           Answers "ok WALL TEARDOWN_WALL S1,...,SC T1,...,TC"
 *   up TOOL K NAME          K pods started one after another and left running; answers "ok"
 *   down TOOL               tears down the pods that "up" left; answers "ok"
 *
 * A failure answers "error MESSAGE", after removing whatever of the failed pod was made. At the end
 * of its input it tears down every pod still up. Run as:
 *   java -cp 'build/hakod/lib/*' bench/pods/CriBench.java --runtime TOOL=SOCKET --subnet TOOL=PREFIX ...
 *        --cgroup-parent /PARENT --log-dir DIR [--seccomp runtime-default]
 */
public final class CriBench {
    private static final String NAMESPACE = "bench";
    private static final long DEADLINE_S = 120;

    private record Runtime(String tool, ManagedChannel channel, EventLoopGroup group, String subnetPrefix) {
        RuntimeServiceGrpc.RuntimeServiceBlockingStub rt() {
            return RuntimeServiceGrpc.newBlockingStub(channel).withDeadlineAfter(DEADLINE_S, TimeUnit.SECONDS);
        }

        ImageServiceGrpc.ImageServiceBlockingStub images() {
            return ImageServiceGrpc.newBlockingStub(channel).withDeadlineAfter(DEADLINE_S, TimeUnit.SECONDS);
        }
    }

    /** A started pod: its IDs and the nanoseconds of each step. */
    private record Started(String podId, String containerId, long runSandbox, long create, long start, long toRunning,
                           int polls, String ip) {
        long total() {
            return runSandbox + create + start + toRunning;
        }
    }

    private static final Map<String, Runtime> runtimes = new LinkedHashMap<>();
    private static final Map<String, String> imageIds = new LinkedHashMap<>();
    private static final Map<String, List<Started>> up = new LinkedHashMap<>();
    private static String cgroupParent = "";
    private static Path logDir;
    private static boolean seccompDefault;

    public static void main(String[] args) throws Exception {
        System.setProperty("io.grpc.netty.shaded.io.netty.transport.noNative", "true");
        Map<String, String> subnets = new LinkedHashMap<>();
        Map<String, String> sockets = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--runtime" -> { sockets.put(before(value), after(value)); i++; }
                case "--subnet" -> { subnets.put(before(value), after(value)); i++; }
                case "--cgroup-parent" -> { cgroupParent = value; i++; }
                case "--log-dir" -> { logDir = Path.of(value); i++; }
                case "--seccomp" -> {
                    if (!"runtime-default".equals(value)) {
                        throw new IllegalArgumentException("--seccomp takes runtime-default");
                    }
                    seccompDefault = true;
                    i++;
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (sockets.isEmpty() || logDir == null) {
            throw new IllegalArgumentException("usage: CriBench --runtime TOOL=SOCKET... --log-dir DIR [--subnet TOOL=PREFIX]...");
        }
        for (var e : sockets.entrySet()) {
            var group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
            ManagedChannel channel = NettyChannelBuilder.forAddress(UnixDomainSocketAddress.of(Path.of(e.getValue())))
                    .eventLoopGroup(group)
                    .channelType(NioDomainSocketChannel.class)
                    .usePlaintext()
                    .maxInboundMessageSize(16 * 1024 * 1024) // the kubelet's cap
                    .build();
            runtimes.put(e.getKey(), new Runtime(e.getKey(), channel, group, subnets.getOrDefault(e.getKey(), "")));
            up.put(e.getKey(), new ArrayList<>());
        }

        var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String answer;
            try {
                answer = handle(line.trim().split("\\s+"));
            } catch (Exception e) {
                e.printStackTrace();
                answer = "error " + oneLine(e);
            }
            System.out.println(answer);
            System.out.flush();
        }
        for (String tool : runtimes.keySet()) {
            try {
                down(runtimes.get(tool));
            } catch (Exception e) {
                System.err.println("tearing down the pods of " + tool + " left up: " + oneLine(e));
            }
        }
        for (Runtime r : runtimes.values()) {
            r.channel().shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            r.group().shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
        }
    }

    private static String handle(String[] w) throws Exception {
        Runtime r = w.length > 1 ? runtime(w[1]) : null;
        switch (w[0]) {
            case "version" -> {
                var v = r.rt().version(VersionRequest.getDefaultInstance());
                var conditions = r.rt().status(StatusRequest.getDefaultInstance()).getStatus().getConditionsList();
                for (var c : conditions) {
                    if (!c.getStatus()) {
                        throw new IllegalStateException(r.tool() + ": condition " + c.getType() + " is false: "
                                + c.getReason() + " " + c.getMessage());
                    }
                }
                return "ok " + v.getRuntimeName() + " " + v.getRuntimeVersion() + " " + v.getRuntimeApiVersion();
            }
            case "image" -> {
                var image = r.images().imageStatus(ImageStatusRequest.newBuilder()
                        .setImage(ImageSpec.newBuilder().setImage(w[2])).build()).getImage();
                if (image.getId().isEmpty()) {
                    throw new IllegalStateException(r.tool() + " has no image " + w[2]);
                }
                imageIds.put(r.tool(), image.getId());
                return "ok " + image.getId();
            }
            case "pod" -> {
                Started s = startPod(r, w[2]);
                long teardown;
                long[] status = new long[5];
                try {
                    s = check(r, s);
                    // Untimed for the start: what one ContainerStatus call costs once the pod runs.
                    for (int i = 0; i < status.length; i++) {
                        long t0 = System.nanoTime();
                        r.rt().containerStatus(ContainerStatusRequest.newBuilder().setContainerId(s.containerId()).build());
                        status[i] = System.nanoTime() - t0;
                    }
                } finally {
                    teardown = teardown(r, s);
                }
                java.util.Arrays.sort(status);
                return "ok " + secs(s.total()) + " " + secs(s.runSandbox()) + " " + secs(s.create()) + " "
                        + secs(s.start()) + " " + secs(s.toRunning()) + " " + s.polls() + " " + secs(teardown) + " " + s.ip() + " " + secs(status[status.length / 2]);
            }
            case "batch" -> {
                return batch(r, Integer.parseInt(w[2]), w[3]);
            }
            case "up" -> {
                int k = Integer.parseInt(w[2]);
                for (int i = 1; i <= k; i++) {
                    Started s = startPod(r, w[3] + "-" + i);
                    up.get(r.tool()).add(s);
                    check(r, s);
                }
                return "ok";
            }
            case "down" -> {
                down(r);
                return "ok";
            }
            default -> throw new IllegalArgumentException("unknown request " + String.join(" ", w));
        }
    }

    private static Runtime runtime(String tool) {
        Runtime r = runtimes.get(tool);
        if (r == null) {
            throw new IllegalArgumentException("unknown runtime " + tool);
        }
        return r;
    }

    // ---- one pod -----------------------------------------------------------------------------------

    private static NamespaceOption namespaces() {
        // What the kubelet sends for an ordinary pod: a pod network and IPC namespace, a PID namespace
        // per container (no shareProcessNamespace).
        return NamespaceOption.newBuilder().setNetwork(NamespaceMode.POD).setPid(NamespaceMode.CONTAINER)
                .setIpc(NamespaceMode.POD).build();
    }

    private static PodSandboxConfig podConfig(String name, String uid, Path podLogs) {
        return PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder().setName(name).setNamespace(NAMESPACE).setUid(uid))
                .setHostname(name)
                .setLogDirectory(podLogs.toString())
                .putLabels("io.kubernetes.pod.name", name)
                .putLabels("io.kubernetes.pod.namespace", NAMESPACE)
                .putLabels("io.kubernetes.pod.uid", uid)
                .setLinux(LinuxPodSandboxConfig.newBuilder()
                        .setCgroupParent(cgroupParent)
                        .setSecurityContext(LinuxSandboxSecurityContext.newBuilder().setNamespaceOptions(namespaces())))
                .build();
    }

    private static ContainerConfig containerConfig(String imageId) {
        var sc = LinuxContainerSecurityContext.newBuilder().setNamespaceOptions(namespaces());
        if (seccompDefault) {
            sc.setSeccomp(SecurityProfile.newBuilder().setProfileType(SecurityProfile.ProfileType.RuntimeDefault));
        }
        return ContainerConfig.newBuilder()
                .setMetadata(ContainerMetadata.newBuilder().setName("app"))
                .setImage(ImageSpec.newBuilder().setImage(imageId))
                .addCommand("sleep").addCommand("3600")
                .setLogPath("app/0.log")
                .putLabels("io.kubernetes.container.name", "app")
                .setLinux(LinuxContainerConfig.newBuilder().setSecurityContext(sc))
                .build();
    }

    /** Starts one pod and times it; on a failure removes what was made and throws. */
    private static Started startPod(Runtime r, String name) throws IOException, InterruptedException {
        String imageId = imageIds.get(r.tool());
        if (imageId == null) {
            throw new IllegalStateException("no image resolved for " + r.tool() + " (send \"image\" first)");
        }
        String uid = UUID.randomUUID().toString();
        // The kubelet makes the pod's and the container's log directories before it asks the runtime.
        Path podLogs = logDir.resolve(r.tool()).resolve(NAMESPACE + "_" + name + "_" + uid);
        Files.createDirectories(podLogs.resolve("app"));
        PodSandboxConfig pod = podConfig(name, uid, podLogs);
        ContainerConfig container = containerConfig(imageId);

        String podId = null;
        String containerId = null;
        try {
            long t0 = System.nanoTime();
            podId = r.rt().runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(pod).build()).getPodSandboxId();
            long t1 = System.nanoTime();
            containerId = r.rt().createContainer(CreateContainerRequest.newBuilder().setPodSandboxId(podId)
                    .setConfig(container).setSandboxConfig(pod).build()).getContainerId();
            long t2 = System.nanoTime();
            r.rt().startContainer(StartContainerRequest.newBuilder().setContainerId(containerId).build());
            long t3 = System.nanoTime();
            long limit = t3 + TimeUnit.SECONDS.toNanos(60);
            int polls = 0;
            while (true) {
                polls++;
                ContainerStatus st = r.rt().containerStatus(ContainerStatusRequest.newBuilder()
                        .setContainerId(containerId).build()).getStatus();
                if (st.getState() == ContainerState.CONTAINER_RUNNING) {
                    break;
                }
                if (st.getState() == ContainerState.CONTAINER_EXITED || System.nanoTime() > limit) {
                    throw new IllegalStateException(r.tool() + ": container " + containerId + " of pod " + name + " is "
                            + st.getState() + " (exit code " + st.getExitCode() + ", reason \"" + st.getReason()
                            + "\", message \"" + st.getMessage() + "\"), not running");
                }
                Thread.sleep(1);
            }
            long t4 = System.nanoTime();
            return new Started(podId, containerId, t1 - t0, t2 - t1, t3 - t2, t4 - t3, polls, "");
        } catch (RuntimeException | InterruptedException e) {
            if (podId != null) {
                try {
                    teardown(r, new Started(podId, containerId, 0, 0, 0, 0, 0, ""));
                } catch (RuntimeException again) {
                    e.addSuppressed(again);
                }
            }
            throw e;
        }
    }

    /** Untimed: the pod is ready and has an address in the tool's own subnet. Returns the pod with its IP. */
    private static Started check(Runtime r, Started s) {
        PodSandboxStatus status = r.rt().podSandboxStatus(PodSandboxStatusRequest.newBuilder()
                .setPodSandboxId(s.podId()).build()).getStatus();
        String ip = status.getNetwork().getIp();
        if (status.getState() != PodSandboxState.SANDBOX_READY) {
            throw new IllegalStateException(r.tool() + ": pod " + s.podId() + " is " + status.getState());
        }
        if (ip.isEmpty() || !ip.startsWith(r.subnetPrefix())) {
            throw new IllegalStateException(r.tool() + ": pod " + s.podId() + " has IP \"" + ip + "\", not one in "
                    + r.subnetPrefix() + "*");
        }
        return new Started(s.podId(), s.containerId(), s.runSandbox(), s.create(), s.start(), s.toRunning(), s.polls(), ip);
    }

    /** The kubelet's order: stop and remove the container, then stop and remove the sandbox. Returns nanoseconds. */
    private static long teardown(Runtime r, Started s) {
        long t0 = System.nanoTime();
        if (s.containerId() != null) {
            r.rt().stopContainer(StopContainerRequest.newBuilder().setContainerId(s.containerId()).setTimeout(0).build());
            r.rt().removeContainer(RemoveContainerRequest.newBuilder().setContainerId(s.containerId()).build());
        }
        r.rt().stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(s.podId()).build());
        r.rt().removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(s.podId()).build());
        return System.nanoTime() - t0;
    }

    private static void down(Runtime r) {
        List<Started> pods = up.get(r.tool());
        RuntimeException failure = null;
        while (!pods.isEmpty()) {
            Started s = pods.removeLast();
            try {
                teardown(r, s);
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    // ---- a concurrent batch ------------------------------------------------------------------------

    private static String batch(Runtime r, int c, String name) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(c);
        try {
            // Start: every thread waits at the gate; the clock starts when the gate opens.
            long[] ends = new long[c];
            List<Future<Started>> starts = new ArrayList<>();
            CountDownLatch ready = new CountDownLatch(c);
            CountDownLatch gate = new CountDownLatch(1);
            for (int i = 0; i < c; i++) {
                int j = i;
                starts.add(pool.submit(() -> {
                    ready.countDown();
                    gate.await();
                    Started s = startPod(r, name + "-" + (j + 1));
                    ends[j] = System.nanoTime();
                    return s;
                }));
            }
            ready.await();
            long t0 = System.nanoTime();
            gate.countDown();
            List<Started> started = new ArrayList<>();
            List<Exception> failures = new ArrayList<>();
            for (var f : starts) {
                try {
                    started.add(f.get());
                } catch (Exception e) {
                    failures.add(e);
                }
            }
            long wall = 0;
            for (long end : ends) {
                wall = Math.max(wall, end - t0);
            }
            if (failures.isEmpty()) {
                for (Started s : List.copyOf(started)) {
                    try {
                        check(r, s);
                    } catch (RuntimeException e) {
                        failures.add(e);
                    }
                }
            }

            // Teardown: all at once again.
            List<Future<Long>> downs = new ArrayList<>();
            CountDownLatch ready2 = new CountDownLatch(started.size());
            CountDownLatch gate2 = new CountDownLatch(1);
            long[] ends2 = new long[started.size()];
            for (int i = 0; i < started.size(); i++) {
                Started s = started.get(i);
                int j = i;
                downs.add(pool.submit(() -> {
                    ready2.countDown();
                    gate2.await();
                    long ns = teardown(r, s);
                    ends2[j] = System.nanoTime();
                    return ns;
                }));
            }
            ready2.await();
            long t1 = System.nanoTime();
            gate2.countDown();
            List<Long> teardowns = new ArrayList<>();
            for (var f : downs) {
                try {
                    teardowns.add(f.get());
                } catch (Exception e) {
                    failures.add(e);
                }
            }
            long wall2 = 0;
            for (long end : ends2) {
                wall2 = Math.max(wall2, end - t1);
            }
            if (!failures.isEmpty()) {
                Exception first = failures.getFirst();
                throw new IllegalStateException(failures.size() + " of the batch's " + c + " pods failed; first: "
                        + oneLine(first.getCause() != null ? first.getCause() : first), first);
            }
            return "ok " + secs(wall) + " " + secs(wall2) + " "
                    + started.stream().map(s -> secs(s.total())).collect(Collectors.joining(",")) + " "
                    + teardowns.stream().map(CriBench::secs).collect(Collectors.joining(","));
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private static String secs(long nanos) {
        return String.format(Locale.ROOT, "%.6f", nanos / 1e9);
    }

    private static String before(String kv) {
        int eq = kv.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("expected TOOL=VALUE, not " + kv);
        }
        return kv.substring(0, eq);
    }

    private static String after(String kv) {
        return kv.substring(kv.indexOf('=') + 1);
    }

    private static String oneLine(Throwable e) {
        String m = e.getClass().getSimpleName() + ": " + e.getMessage();
        return m.replace('\n', ' ').replace('\r', ' ');
    }
}
