package io.gwkit.gateway.internal;

import io.gwkit.gateway.ClientProtocol;
import io.gwkit.gateway.GatewayHooks;
import io.gwkit.gateway.GatewayServer;
import io.gwkit.gateway.Listener;
import io.gwkit.gateway.SlowClientPolicy;
import io.gwkit.protocol.ClientId;
import io.gwkit.php.PhpArray;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One end-client connection and everything the gateway knows about it. Fields other than
 * {@link #pendingBytes} are only touched on the gateway's state thread. It is the {@link GatewayHooks.Client}
 * hooks see.
 */
final class ClientConnection implements GatewayHooks.Client {

    private static final byte[] EMPTY = new byte[0];

    final Channel channel;
    final Listener listener;
    final ClientProtocol protocol;
    final SlowClientPolicy slowClient;
    final long slowClientTimeoutNanos;
    final int gatewayPort;
    final long clientIp;
    final int clientPort;
    long id;
    /** The inner address in client_ids (lanIp, lanPort), set with {@link #id}. */
    long lanIp;
    int lanPort;
    /** Frame type of messages to a websocket client that do not carry {@code FLAG_BINARY}. */
    GatewayHooks.FrameType frameType = GatewayHooks.FrameType.TEXT;
    /** The session exactly as last stored (serialized array or empty). */
    byte[] session = EMPTY;
    /** The bound uid (a PHP string), or null. */
    Object uid;
    /** group key → group name, as PHP's {@code $connection->groups}; null until the first join. */
    PhpArray groups;
    /** Key of the worker this client is routed to (sticky). */
    String workerKey;
    /** -1 after a message; counts heartbeat ticks without one (PHP's pingNotResponseCount). */
    int pingNotResponseCount = -1;
    /** Websocket only: false until the 101 response went out; messages wait in {@link #beforeHandshake}. */
    boolean handshakeDone;
    /** Created by the first message sent before the handshake: most connections never need one. */
    ArrayDeque<OutboundMessage> beforeHandshake;
    long beforeHandshakeBytes;
    boolean closed;
    /** Set (from any thread) once the send buffer limit closed this client, so that is logged once. */
    volatile boolean tooSlow;
    /** Bytes written to the channel and not yet flushed to the socket. */
    final AtomicLong pendingBytes = new AtomicLong();
    /** Inner connections whose reading this client holds back until it drains (empty: none). */
    final List<InnerConnection> holding = new ArrayList<>(1);
    /** Set on the state thread while it waits for {@link #pendingBytes} to fall to low water. */
    final AtomicBoolean drainWatch = new AtomicBoolean();
    /** Ends the holding after the listener's slowClientTimeout; null when not holding. */
    ScheduledFuture<?> slowTimer;
    /** DROP policy after the timeout: new messages are dropped while the buffer is full, until it drains. */
    boolean dropping;
    /** A drop was logged for this client. */
    boolean dropLogged;
    /** Written to during this loop tick and not flushed yet ({@link ClientOutput#flushClientsSoon}). */
    boolean flushPending;

    ClientConnection(Channel channel, Listener listener, int gatewayPort, long clientIp, int clientPort) {
        this.channel = channel;
        this.listener = listener;
        this.protocol = listener.protocol();
        // a listener not resolved by GatewayServer.Builder (tests) has the gateway defaults
        this.slowClient = listener.slowClient() != null ? listener.slowClient() : SlowClientPolicy.CLOSE;
        this.slowClientTimeoutNanos = (listener.slowClientTimeout() != null ? listener.slowClientTimeout()
                : GatewayServer.DEFAULT_SLOW_CLIENT_TIMEOUT).toNanos();
        this.gatewayPort = gatewayPort;
        this.clientIp = clientIp;
        this.clientPort = clientPort;
        this.handshakeDone = protocol != Listener.Protocol.WEBSOCKET;
    }

    @Override
    public long connectionId() {
        return id;
    }

    @Override
    public String clientId() {
        return new ClientId(lanIp, lanPort, id).toString();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return channel.remoteAddress() instanceof InetSocketAddress a ? a : null;
    }

    @Override
    public Listener listener() {
        return listener;
    }

    @Override
    public GatewayHooks.FrameType frameType() {
        return frameType;
    }

    @Override
    public void frameType(GatewayHooks.FrameType type) {
        frameType = java.util.Objects.requireNonNull(type);
    }

    @Override
    public void close() {
        channel.close();
    }

    @Override
    public String toString() {
        return "client#" + id + "(" + channel.remoteAddress() + ")";
    }
}
