package dev.hako.ttrpc;

import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.util.function.Predicate;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Serves gRPC service definitions over ttrpc on a unix socket: the same handlers (and so the same
 * behaviour) as the gRPC server, behind a framing a client can speak without HTTP/2. Each
 * connection has a reading thread of its own; the handlers run on the given executor, one call's
 * callbacks at a time.
 */
public final class TtrpcServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TtrpcServer.class.getName());

    private final ServerSocketChannel listening;
    private final Map<String, ServerMethodDefinition<?, ?>> methods;
    private final Executor executor;
    private final Set<ServerConnection> connections = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private final Predicate<UnixDomainPrincipal> peers;

    private TtrpcServer(ServerSocketChannel listening, Map<String, ServerMethodDefinition<?, ?>> methods, Executor executor,
                        Predicate<UnixDomainPrincipal> peers) {
        this.listening = listening;
        this.methods = methods;
        this.executor = executor;
        this.peers = peers;
        this.acceptor = Thread.ofPlatform().daemon().name("ttrpc-accept").unstarted(this::acceptLoop);
    }

    /** Binds {@code socket} (which must not exist) and starts accepting from anyone who can reach it. */
    public static TtrpcServer start(Path socket, List<ServerServiceDefinition> services, Executor executor) throws IOException {
        return start(socket, services, executor, peer -> true);
    }

    /**
     * Binds {@code socket} (which must not exist) and starts accepting; a connection whose peer
     * (SO_PEERCRED, as the kernel recorded it at connect) {@code peers} refuses is closed at once.
     */
    public static TtrpcServer start(Path socket, List<ServerServiceDefinition> services, Executor executor,
                                    Predicate<UnixDomainPrincipal> peers) throws IOException {
        Map<String, ServerMethodDefinition<?, ?>> methods = new HashMap<>();
        for (ServerServiceDefinition service : services) {
            for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
                methods.put(method.getMethodDescriptor().getFullMethodName(), method);
            }
        }
        ServerSocketChannel listening = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            listening.bind(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            listening.close();
            throw new IOException("cannot listen on " + socket + ": " + e.getMessage(), e);
        }
        TtrpcServer server = new TtrpcServer(listening, Map.copyOf(methods), executor, peers);
        server.acceptor.start();
        return server;
    }

    ServerMethodDefinition<?, ?> method(String fullName) {
        return methods.get(fullName);
    }

    Executor executor() {
        return executor;
    }

    void closed(ServerConnection connection) {
        connections.remove(connection);
    }

    private void acceptLoop() {
        while (true) {
            SocketChannel socket;
            try {
                socket = listening.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                // Out of file descriptors, most likely: wait a little rather than spin.
                LOG.log(Level.WARNING, "ttrpc: accept failed", e);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    return;
                }
                continue;
            }
            if (!allowed(socket)) {
                continue;
            }
            ServerConnection connection = new ServerConnection(this, new FrameStream(socket));
            connections.add(connection);
            Thread.ofVirtual().name("ttrpc-connection").start(connection::serve);
        }
    }

    /** Closes a connection whose peer may not talk to this server; true when it may. */
    private boolean allowed(SocketChannel socket) {
        try {
            UnixDomainPrincipal peer = socket.getOption(ExtendedSocketOptions.SO_PEERCRED);
            if (peers.test(peer)) {
                return true;
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "ttrpc: cannot read a peer's credentials: " + e.getMessage());
        }
        try {
            socket.close();
        } catch (IOException e) {
            // refused either way
        }
        return false;
    }

    /** Stops accepting and closes every connection, which cancels the calls still on them. */
    @Override
    public void close() {
        try {
            listening.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (ServerConnection connection : List.copyOf(connections)) {
            connection.close();
        }
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
