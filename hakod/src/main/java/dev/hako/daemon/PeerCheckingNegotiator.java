package dev.hako.daemon;

import io.grpc.netty.shaded.io.grpc.netty.GrpcHttp2ConnectionHandler;
import io.grpc.netty.shaded.io.grpc.netty.InternalProtocolNegotiator;
import io.grpc.netty.shaded.io.grpc.netty.InternalProtocolNegotiators;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandler;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.channel.ChannelInboundHandlerAdapter;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.PeerCredentials;
import io.grpc.netty.shaded.io.netty.util.AsciiString;
import java.io.IOException;

/**
 * gRPC's plaintext negotiation behind a check of the peer's credentials (SO_PEERCRED): a connection
 * {@link ApiAccess} refuses is closed before it can speak HTTP/2. gRPC has no public hook at
 * connection level, so this goes through its negotiator, the place TLS would sit.
 */
final class PeerCheckingNegotiator implements InternalProtocolNegotiator.ProtocolNegotiator {
    private final InternalProtocolNegotiator.ProtocolNegotiator plaintext = InternalProtocolNegotiators.serverPlaintext();
    private final ApiAccess access;

    PeerCheckingNegotiator(ApiAccess access) {
        this.access = access;
    }

    @Override
    public AsciiString scheme() {
        return plaintext.scheme();
    }

    @Override
    public ChannelHandler newHandler(GrpcHttp2ConnectionHandler grpcHandler) {
        ChannelHandler next = plaintext.newHandler(grpcHandler);
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void handlerAdded(ChannelHandlerContext ctx) {
                if (allowed(ctx)) {
                    ctx.pipeline().replace(this, null, next);
                } else {
                    ctx.close();
                }
            }
        };
    }

    private boolean allowed(ChannelHandlerContext ctx) {
        if (!(ctx.channel() instanceof EpollDomainSocketChannel channel)) {
            return false; // only ever served on a unix socket
        }
        try {
            PeerCredentials peer = channel.peerCredentials();
            return access.allows(peer.uid(), peer.gids().length > 0 ? peer.gids()[0] : -1);
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        plaintext.close();
    }
}
