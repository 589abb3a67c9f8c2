package dev.hako.daemon.cri;

import dev.hako.containers.AttachBridge;
import dev.hako.containers.Container;
import dev.hako.containers.ContainerService;
import dev.hako.containers.ExecPump;
import dev.hako.containers.OutputSink;
import dev.hako.containers.WindowSize;
import dev.hako.errdefs.HakoException;
import dev.hako.pods.Pod;
import dev.hako.pods.PodService;
import dev.hako.spec.ExecSettings;
import dev.hako.streaming.AttachHandler;
import dev.hako.streaming.ExecHandler;
import dev.hako.streaming.PortForwardHandler;
import dev.hako.streaming.StreamIo;
import dev.hako.streaming.StreamingConfig;
import dev.hako.streaming.OnDemandStreamingServer;
import dev.hako.streaming.TerminalSize;
import dev.hako.sys.Namespaces;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ByteChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;

/**
 * What the streaming server's URLs do in hako: exec runs the runtime's exec (with a terminal when
 * asked), attach joins conmon's attach socket, and port-forward opens a TCP connection from inside
 * the pod's network namespace (a fresh platform thread enters it, connects, and ends; the socket
 * stays in the namespace it was made in).
 */
public final class CriStreamHandlers implements ExecHandler, AttachHandler, PortForwardHandler {
    /** How long an attach to a running container may take to connect. */
    private static final Duration ATTACH_WAIT = Duration.ofSeconds(30);

    private final PodService pods;
    private final ContainerService containers;

    CriStreamHandlers(PodService pods, ContainerService containers) {
        this.pods = pods;
        this.containers = containers;
    }

    /**
     * The streaming server on {@code host:port} (0: a free port), with these handlers for its URLs,
     * listening from the first Exec, Attach or PortForward on.
     */
    public static OnDemandStreamingServer server(PodService pods, ContainerService containers, String host, int port,
                                                 java.util.function.Consumer<String> onStart) {
        CriStreamHandlers handlers = new CriStreamHandlers(pods, containers);
        return new OnDemandStreamingServer(StreamingConfig.defaults().withAddress(host, port), handlers, handlers, handlers,
                onStart);
    }

    @Override
    public int exec(String containerId, List<String> cmd, StreamIo io) throws IOException, InterruptedException {
        Container c = running(containerId);
        ExecSettings settings = new ExecSettings(cmd, null, null, null, io.tty(), false);
        // The terminal's size follows as the client sends it (kubectl sends one at once).
        try (ExecPump pump = ExecPump.start(containers.exec(c.id(), settings, 0, 0),
                OutputSink.of(io.stdout()), OutputSink.of(io.stderr()))) {
            pump.cancelWhen(io.clientGone()); // a client that goes away takes its process with it
            if (io.stdin() != null) {
                pump.feedStdin(io.stdin());
            }
            if (io.tty()) {
                pump.feedResizes(sizes(io));
            }
            return pump.awaitExit();
        }
    }

    @Override
    public void attach(String containerId, StreamIo io) throws IOException, InterruptedException {
        Container c = running(containerId);
        try (AttachBridge bridge = AttachBridge.open(containers, c.id())) {
            // A client that goes away detaches (off Netty's event loop: closing the socket may wait).
            io.clientGone().thenRunAsync(bridge::close, r -> Thread.ofVirtual().start(r));
            bridge.awaitConnected(ATTACH_WAIT);
            if (io.stdin() != null) {
                bridge.feedStdin(io.stdin());
            }
            if (io.tty()) {
                bridge.feedResizes(sizes(io));
            }
            OutputSink stdout = OutputSink.of(io.stdout());
            bridge.start(stdout, io.tty() ? stdout : OutputSink.of(io.stderr()));
            bridge.awaitOutput();
        }
    }

    private static WindowSize.Source sizes(StreamIo io) {
        return () -> {
            TerminalSize next = io.resizes().next();
            return next == null ? null : new WindowSize(next.height(), next.width());
        };
    }

    @Override
    public ByteChannel connect(String podSandboxId, int port) throws IOException {
        Pod pod = pods.get(podSandboxId);
        if (!pod.ready()) {
            throw HakoException.precondition("pod sandbox %s is not ready", pod.id());
        }
        InetSocketAddress target = new InetSocketAddress("127.0.0.1", port);
        if (pod.netns() == null) {
            return SocketChannel.open(target); // the host's network: the pod's localhost is the host's
        }
        return Namespaces.callIn(pod.netns(), Namespaces.Kind.NET, () -> SocketChannel.open(target));
    }

    private Container running(String containerId) {
        return CriContainers.runningInPod(containers, containerId);
    }
}
