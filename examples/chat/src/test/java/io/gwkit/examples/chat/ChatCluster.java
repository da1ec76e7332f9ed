package io.gwkit.examples.chat;

import io.gwkit.gateway.GatewayHooks;
import io.gwkit.gateway.GatewayServer;
import io.gwkit.register.RegisterServer;
import io.gwkit.worker.BusinessWorker;
import io.gwkit.worker.EventHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;

/**
 * The chat as {@code gw start --classpath <the chat jar>} runs it, in this JVM on free loopback ports: a register,
 * a websocket gateway with the hooks and a worker with the handler, both found by ServiceLoader as gw finds them.
 */
final class ChatCluster implements AutoCloseable {

    final RegisterServer register;
    final GatewayServer gateway;
    final BusinessWorker worker;

    ChatCluster() throws Exception {
        register = RegisterServer.builder().listen("127.0.0.1", 0).build();
        InetSocketAddress reg = register.start();
        String registerAddress = "127.0.0.1:" + reg.getPort();
        gateway = GatewayServer.builder()
                .name("chat")
                .listen("websocket://127.0.0.1:0")
                .lanIp("127.0.0.1")
                .lanPort(0)
                .register(registerAddress)
                .hooks(only(GatewayHooks.class))
                .build();
        gateway.start().get(30, TimeUnit.SECONDS);
        worker = BusinessWorker.builder()
                .registerAddress(registerAddress)
                .name("ChatWorker")
                .handler(only(EventHandler.class))
                .build()
                .start();
        if (!worker.awaitConnected(List.of(gateway.announcedAddress()), Duration.ofSeconds(30))) {
            close();
            throw new IllegalStateException("worker did not connect");
        }
    }

    /** The one implementation this module registers in META-INF/services. */
    static <T> T only(Class<T> type) {
        List<T> found = ServiceLoader.load(type).stream().map(ServiceLoader.Provider::get).toList();
        if (found.size() != 1) {
            throw new IllegalStateException("expected one " + type.getName() + ", found " + found);
        }
        return found.get(0);
    }

    /** ws://127.0.0.1:PORT */
    String url() {
        return "ws://127.0.0.1:" + gateway.listenerAddresses().get(0).getPort();
    }

    int port() {
        return gateway.listenerAddresses().get(0).getPort();
    }

    @Override
    public void close() {
        if (worker != null) {
            worker.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        register.close();
    }
}
