package io.gwkit.cli;

import io.gwkit.protocol.Command;
import io.gwkit.protocol.GatewayFrame;
import io.gwkit.protocol.GatewayFrameCodec;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A worker that only authenticates (cmd 200) at a gateway's inner port: a gateway without workers closes clients. */
final class FakeWorker implements AutoCloseable {

    private final Socket socket;

    /** Connects and waits until the gateway has the worker (an IS_ONLINE round trip after cmd 200). */
    FakeWorker(int innerPort) throws IOException {
        socket = new Socket("127.0.0.1", innerPort);
        socket.setSoTimeout(30_000);
        socket.getOutputStream().write(GatewayFrameCodec.encode(GatewayFrame.request(Command.WORKER_CONNECT, 0,
                GatewayFrame.FLAG_SCALAR, new byte[0],
                "{\"worker_key\":\"w:0\",\"secret_key\":\"\"}".getBytes(StandardCharsets.UTF_8))));
        socket.getOutputStream().write(GatewayFrameCodec.encode(GatewayFrame.request(Command.IS_ONLINE, 0,
                GatewayFrame.FLAG_SCALAR, new byte[0], new byte[0])));
        socket.getInputStream().readNBytes(4 + 4); // the reply i:0; (u32 length + 4 bytes)
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
