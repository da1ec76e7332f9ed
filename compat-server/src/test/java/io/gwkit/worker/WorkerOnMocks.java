package io.gwkit.worker;

import io.gwkit.protocol.Command;
import io.gwkit.protocol.GatewayFrame;
import io.gwkit.testkit.MockGateway;
import io.gwkit.testkit.MockRegister;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The fixture of the worker tests: a fake register listing a fake gateway, both speaking the real wire on loopback,
 * and the worker under test (set by the test, closed after it).
 */
abstract class WorkerOnMocks {

    static final long LOCALHOST = 0x7F000001L;
    static final long AWAIT_SECONDS = 20;

    MockRegister register;
    MockGateway gateway;
    BusinessWorker worker;

    @BeforeEach
    void startMocks() throws Exception {
        register = new MockRegister();
        gateway = new MockGateway();
        register.gatewayAddresses(gateway.address());
    }

    @AfterEach
    void closeAll() throws Exception {
        if (worker != null) {
            worker.close();
        }
        gateway.close();
        register.close();
    }

    /** An event the gateway sends about client {@code connectionId} (client port 40000 + id, gateway port 8282). */
    GatewayFrame event(Command cmd, long connectionId, int flag, byte[] session, byte[] body) {
        return new GatewayFrame(cmd.code(), LOCALHOST, gateway.port(), LOCALHOST, 40000 + (int) connectionId,
                connectionId, flag, 8282, session, body);
    }

    String clientId(long connectionId) {
        return gateway.clientId(connectionId);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String body(GatewayFrame f) {
        return new String(f.body(), StandardCharsets.UTF_8);
    }
}
