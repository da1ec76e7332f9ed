package io.gwkit.testing;

import io.gwkit.gateway.GatewayServer;
import io.gwkit.gateway.Listener;
import io.gwkit.register.RegisterServer;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A register and one gateway on loopback with every listener type on port 0 (text, frame, websocket, tcp),
 * lanPort = the bound inner port.
 */
public final class GatewayFixture implements AutoCloseable {

    public final RegisterServer register;
    public final GatewayServer gateway;
    public final InetSocketAddress registerAddress;

    public GatewayFixture(String secret, UnaryOperator<GatewayServer.Builder> customize) throws Exception {
        register = RegisterServer.builder().listen("127.0.0.1", 0).secretKey(secret).build();
        registerAddress = register.start();
        GatewayServer.Builder b = GatewayServer.builder()
                .name("test")
                .listen(Listener.of(Listener.Protocol.TEXT, "127.0.0.1", 0))
                .listen(Listener.of(Listener.Protocol.FRAME, "127.0.0.1", 0))
                .listen(Listener.of(Listener.Protocol.WEBSOCKET, "127.0.0.1", 0))
                .listen(Listener.of(Listener.Protocol.TCP, "127.0.0.1", 0))
                .lanIp("127.0.0.1").lanPort(0)
                .register("127.0.0.1:" + registerAddress.getPort())
                .secretKey(secret)
                .captureCompatibleHandshakeData(true); // tests compare cmd 205 bodies with the PHP captures
        gateway = customize.apply(b).build();
        gateway.start().get(15, TimeUnit.SECONDS);
    }

    public GatewayFixture() throws Exception {
        this("", b -> b);
    }

    public InetSocketAddress text() {
        return gateway.listenerAddresses().get(0);
    }

    public InetSocketAddress frame() {
        return gateway.listenerAddresses().get(1);
    }

    public InetSocketAddress websocket() {
        return gateway.listenerAddresses().get(2);
    }

    public InetSocketAddress tcp() {
        return gateway.listenerAddresses().get(3);
    }

    public InetSocketAddress inner() {
        return gateway.innerAddress();
    }

    public int lanPort() {
        return gateway.innerAddress().getPort();
    }

    @Override
    public void close() {
        gateway.close();
        register.close();
    }
}
