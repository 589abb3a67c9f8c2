package dev.hako.daemon.cri;

import dev.hako.containers.Container;
import dev.hako.containers.ContainerService;
import dev.hako.containers.ExecSession;
import dev.hako.errdefs.HakoException;
import dev.hako.monitor.AttachSession;
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
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.channels.ByteChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the streaming server's URLs do in hako: exec runs the runtime's exec (with a terminal when
 * asked), attach joins conmon's attach socket, and port-forward opens a TCP connection from inside
 * the pod's network namespace (a fresh platform thread enters it, connects, and ends; the socket
 * stays in the namespace it was made in).
 */
public final class CriStreamHandlers implements ExecHandler, AttachHandler, PortForwardHandler {
    private static final Logger LOG = System.getLogger("hakod.cri");

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
        try (ExecSession session = containers.exec(c.id(), settings, 0, 0)) {
            // A client that goes away takes its process with it (off Netty's event loop: it may wait).
            io.clientGone().thenRunAsync(() -> terminate(session), r -> Thread.ofVirtual().start(r));
            Thread out = pump("exec-stdout", session.stdout(), io.stdout());
            Thread err = io.tty() ? null : pump("exec-stderr", session.stderr(), io.stderr());
            Thread in = io.stdin() == null ? null : Thread.ofVirtual().name("exec-stdin").start(() -> {
                byte[] buffer = new byte[8192];
                try (InputStream stdin = io.stdin()) {
                    int n;
                    while ((n = stdin.read(buffer)) >= 0) {
                        session.writeStdin(java.util.Arrays.copyOf(buffer, n));
                    }
                    session.closeStdin();
                } catch (IOException e) {
                    // The process ended, or the client went: nothing more to send.
                }
            });
            Thread resizer = !io.tty() ? null : Thread.ofVirtual().name("exec-resize").start(() -> {
                try {
                    TerminalSize next;
                    while ((next = io.resizes().next()) != null) {
                        session.resize(next.height(), next.width());
                    }
                } catch (InterruptedException | IOException e) {
                    // Done: the session ended.
                }
            });
            int code = session.waitFor();
            out.join();
            if (err != null) {
                err.join();
            }
            if (in != null) {
                in.interrupt();
            }
            if (resizer != null) {
                resizer.interrupt();
            }
            return code;
        }
    }

    private static void terminate(ExecSession session) {
        try {
            session.terminate();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void attach(String containerId, StreamIo io) throws IOException, InterruptedException {
        Container c = running(containerId);
        ContainerService.Attachment attachment = containers.attach(c.id());
        AttachSession session;
        try {
            session = attachment.session().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            containers.detach(attachment);
            throw new IOException("cannot attach to container " + c.id() + ": " + e.getMessage(), e);
        }
        Thread in = null;
        Thread resizer = null;
        try {
            if (io.stdin() != null) {
                in = Thread.ofPlatform().daemon().name("attach-stdin").start(() -> {
                    byte[] buffer = new byte[8192];
                    try (InputStream stdin = io.stdin()) {
                        int n;
                        while ((n = stdin.read(buffer)) >= 0) {
                            session.writeStdin(buffer, 0, n);
                        }
                        session.closeStdin();
                    } catch (IOException e) {
                        // The container ended, or the client went.
                    }
                });
            }
            if (io.tty()) {
                resizer = Thread.ofVirtual().name("attach-resize").start(() -> {
                    try {
                        TerminalSize next;
                        while ((next = io.resizes().next()) != null) {
                            containers.resize(c.id(), next.height(), next.width());
                        }
                    } catch (InterruptedException | IOException | RuntimeException e) {
                        // Done.
                    }
                });
            }
            AttachSession.Frame frame;
            while ((frame = session.read()) != null) {
                OutputStream target = switch (frame.stream()) {
                    case STDOUT -> io.stdout();
                    case STDERR -> io.tty() ? io.stdout() : io.stderr();
                    default -> null;
                };
                if (target != null) {
                    target.write(frame.data());
                    target.flush();
                }
            }
        } finally {
            containers.detach(attachment);
            if (resizer != null) {
                resizer.interrupt();
            }
            if (in != null) {
                in.interrupt();
            }
        }
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

    private static Thread pump(String name, InputStream from, OutputStream to) {
        return Thread.ofPlatform().daemon().name(name).start(() -> {
            byte[] buffer = new byte[32 * 1024];
            try (from) {
                int n;
                while ((n = from.read(buffer)) >= 0) {
                    if (to != null) {
                        to.write(buffer, 0, n);
                        to.flush();
                    }
                }
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "{0} ended: {1}", name, e.getMessage());
            }
        });
    }
}
