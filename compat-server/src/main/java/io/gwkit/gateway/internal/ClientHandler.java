package io.gwkit.gateway.internal;

import io.gwkit.gateway.Listener;
import io.gwkit.protocol.Ipv4;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Business end of one end-client connection, shared by every listener type; runs on the gateway state
 * thread. Receives decoded messages as {@code byte[]} and the websocket handshake as a
 * {@link WebSocketUpgrade} event; knows nothing about framing.
 */
public final class ClientHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ClientHandler.class);

    private final GatewayCore core;
    private final Listener listener;
    private ClientConnection client;

    public ClientHandler(GatewayCore core, Listener listener) {
        this.core = core;
        this.listener = listener;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // not InetSocketAddresses only in EmbeddedChannel tests: then address and ports are zero
        InetSocketAddress remote = ctx.channel().remoteAddress() instanceof InetSocketAddress r ? r : null;
        int localPort = ctx.channel().localAddress() instanceof InetSocketAddress l ? l.getPort() : 0;
        long ip = remote != null && remote.getAddress() instanceof Inet4Address
                ? Ipv4.parse(remote.getAddress().getHostAddress()) : 0;
        client = new ClientConnection(ctx.channel(), listener, localPort, ip, remote == null ? 0 : remote.getPort());
        core.clientConnected(client);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof byte[]) {
            if (client != null && !client.closed) {
                core.clientMessage(client, (byte[]) msg, false);
            }
        } else if (msg instanceof WebSocketFrameHandler.Binary binary) {
            if (client != null && !client.closed) {
                core.clientMessage(client, binary.payload(), true);
            }
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof WebSocketUpgrade && client != null) {
            core.websocketConnected(client, (WebSocketUpgrade) evt);
            return;
        }
        if (evt instanceof WebSocketFrameHandler.Control control) {
            if (client != null && !client.closed) {
                core.websocketControl(client, control.payload(), control.pong());
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (client != null) {
            core.clientClosed(client);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.info("client {} ({}): {}, closing", client == null ? "?" : client.id, ctx.channel().remoteAddress(),
                cause.toString());
        ctx.close();
    }
}
