package io.gwkit.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gwkit.gateway.GatewayServer;
import io.gwkit.register.RegisterServer;
import io.gwkit.worker.BusinessWorker;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Restarting the only worker while clients keep talking loses no client and no event: the stopping worker drains
 * (the gateway stops routing to it and confirms after the last event it sent), the gateway holds what comes
 * while no worker is connected, and the next worker gets it (docs/ROBUSTNESS.md, "A worker is killed").
 */
@Tag("socket")
class WorkerRestartTest {

    /** @param count loops (PHP processes) of the worker: all of them drain together */
    private static BusinessWorker worker(String register, String name, int count) {
        return BusinessWorker.builder().registerAddress(register).name(name).count(count)
                .handlers(() -> new EchoHandler(name)).build().start();
    }

    @ParameterizedTest(name = "worker count {0}")
    @ValueSource(ints = {1, 2})
    void restartingTheOnlyWorkerWhileClientsTalkLosesNothing(int count) throws Exception {
        try (RegisterServer register = RegisterServer.builder().listen("127.0.0.1", 0).build()) {
            String registerAddress = "127.0.0.1:" + register.start().getPort();
            try (GatewayServer gateway = GatewayServer.builder().listen("text://127.0.0.1:0").lanPort(0)
                    .register(registerAddress).build()) {
                gateway.start().get(Await.TIMEOUT_SECONDS, TimeUnit.SECONDS);
                BusinessWorker first = worker(registerAddress, "a", count);
                Await.until("worker a connected", () -> gateway.workerCount() == count);
                int clients = 5;
                int lines = 300;
                List<CompletableFuture<List<String>>> echoes = new ArrayList<>();
                List<Socket> sockets = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    Socket s = new Socket("127.0.0.1", gateway.listenerAddresses().get(0).getPort());
                    s.setSoTimeout(30_000);
                    sockets.add(s);
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                            StandardCharsets.UTF_8));
                    echoes.add(CompletableFuture.supplyAsync(() -> {
                        List<String> got = new ArrayList<>();
                        try {
                            for (int i = 0; i < lines; i++) {
                                String line = in.readLine();
                                got.add(line == null ? "EOF" : line.substring(line.indexOf(": ") + 2));
                                if (line == null) {
                                    break;
                                }
                            }
                        } catch (java.io.IOException e) {
                            got.add(e.toString());
                        }
                        return got;
                    }));
                }
                BusinessWorker second = null;
                for (int i = 0; i < lines; i++) {
                    if (i == 100) {
                        CompletableFuture.runAsync(first::close);        // graceful stop while clients talk
                    }
                    if (i == 150) {
                        second = worker(registerAddress, "b", count);
                    }
                    for (int c = 0; c < clients; c++) {
                        OutputStream out = sockets.get(c).getOutputStream();
                        out.write(("c" + c + "-" + i + "\n").getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    }
                    Thread.sleep(5);
                }
                try {
                    for (int c = 0; c < clients; c++) {
                        List<String> expected = new ArrayList<>();
                        for (int i = 0; i < lines; i++) {
                            expected.add("c" + c + "-" + i);
                        }
                        assertEquals(expected, echoes.get(c).get(60, TimeUnit.SECONDS), "client " + c);
                    }
                    assertEquals(0, gateway.stats().workerGapDrops());
                } finally {
                    for (Socket s : sockets) {
                        s.close();
                    }
                    if (second != null) {
                        second.close();
                    }
                    first.close();
                }
            }
        }
    }
}
