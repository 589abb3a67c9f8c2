package dev.hako.streaming;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;

/** Closes a connection that carried nothing for the idle timeout (kubelet's StreamIdleTimeout). */
@Sharable
final class IdleCloser extends ChannelInboundHandlerAdapter {
    static final IdleCloser INSTANCE = new IdleCloser();

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            ctx.close();
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }
}
