package io.gwkit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.cluster.LocalCluster;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Each bench at a tiny size against an embedded cluster: the shape and counts of its results, no timing. */
@Tag("socket")
class BenchSmokeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static LocalCluster cluster;
    private static InetSocketAddress text;

    @BeforeAll
    static void startCluster() throws InterruptedException {
        cluster = LocalCluster.builder().ephemeralPorts().build().start();
        text = new InetSocketAddress("127.0.0.1", cluster.textAddress().getPort());
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    private static PrintWriter err() {
        return new PrintWriter(new StringWriter());
    }

    @Test
    void echoAnswersEveryMessageOfEveryClient() throws Exception {
        Figures f = EchoBench.run(text, new EchoBench.Config(5, 20, 64, 3, null, List.of("127.0.0.1", "127.0.0.2"),
                1, TIMEOUT, List.of(ProcessHandle.current().pid())), false, err());
        assertEquals(5, f.get("clients"));
        assertEquals(100, f.get("messages"));
        assertTrue(f.get("server cpu us/msg") >= 0, f.toString());
        assertEquals(0, f.get("lost"));
        assertTrue(f.get("rtt p50 ms") > 0 && f.get("rtt p50 ms") <= f.get("rtt p99 ms")
                && f.get("rtt p99 ms") <= f.get("rtt p999 ms"), f.toString());
        assertTrue(f.get("msg/s") > 0, f.toString());
        TextClients.settle(text, TIMEOUT);
    }

    @Test
    void broadcastReachesEveryClientEachRound() throws Exception {
        String register = "127.0.0.1:" + cluster.registerAddress().getPort();
        Figures f = BroadcastBench.run(register, text, new BroadcastBench.Config(5, 20, 64, null, List.of(), 1,
                TIMEOUT, "", List.of()), false, err());
        assertEquals(5, f.get("clients"));
        assertEquals(20, f.get("rounds"));
        assertEquals(0, f.get("incomplete rounds"));
        assertTrue(Double.isNaN(f.get("server cpu us/line")), "no --pid, no server CPU: " + f);
        assertEquals(100, f.get("lines delivered"));
        assertTrue(f.get("round p50 ms") <= f.get("round p99 ms") && f.get("round p99 ms") <= f.get("round max ms"),
                f.toString());
        TextClients.settle(text, TIMEOUT);
    }

    @Test
    void connectionsAllAnswerAndRssIsSampledForAPid() throws Exception {
        long self = ProcessHandle.current().pid();
        Figures f = ConnectionsBench.run(text, new ConnectionsBench.Config(5, List.of("127.0.0.1", "127.0.0.3"),
                List.of(self), 1, TIMEOUT, Duration.ZERO, false), false, err());
        assertEquals(5, f.get("clients"));
        assertEquals(5, f.get("answering"));
        assertEquals(5, f.get("still connected"));
        assertTrue(f.get("rss before MiB") > 0 && f.get("rss after MiB") > 0, f.toString());
        assertTrue(Double.isFinite(f.get("rss KiB/conn")), f.toString());
        assertTrue(f.get("server cpu us/conn") > 0, f.toString()); // this process served and connected the clients
        TextClients.settle(text, TIMEOUT);
    }

    @Test
    void connectionsWithoutPidReportNoRss() throws Exception {
        Figures f = ConnectionsBench.run(text, new ConnectionsBench.Config(2, List.of(), List.of(), 1, TIMEOUT,
                Duration.ZERO, false), false, err());
        assertEquals(2, f.get("answering"));
        assertTrue(Double.isNaN(f.get("rss KiB/conn")));
    }
}
