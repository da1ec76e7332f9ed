package io.gwkit.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.testing.InnerPeer;
import io.gwkit.testing.LinePeer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A gateway at its process's file-descriptor limit (a child JVM under {@code ulimit -n}): it stops accepting
 * without spinning, logs it once, keeps serving the clients it has, and accepts the waiting connections once
 * descriptors are free again ({@link io.gwkit.server.internal.AcceptBackoff}).
 */
@Tag("socket")
class FdLimitTest {

    private static final int FD_LIMIT = 256;
    /** Far more than the limit allows, so the loop below must hit it. */
    private static final int MAX_CLIENTS = 2 * FD_LIMIT;
    /** How long an accepted client may take to get its echo on a loaded machine before we call it "not accepted". */
    private static final int PROBE_TIMEOUT_MS = 5_000;
    private static final long SATURATION_WINDOW_MS = 2_000;

    /** Each transport the nodes may run on: io_uring's multishot accept once re-armed past the back-off. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"io_uring", "epoll", "nio"})
    void atTheFdLimitTheGatewayPausesAcceptingWithoutSpinningAndResumesWhenFdsAreFree(String transport)
            throws Exception {
        List<LinePeer> accepted = new ArrayList<>();
        List<LinePeer> waiting = new ArrayList<>();
        try (ChildJvm child = ChildJvm.startOn(transport, SmallClusterMain.class, FD_LIMIT)) {
            InetSocketAddress text = new InetSocketAddress("127.0.0.1",
                    Integer.parseInt(child.awaitLine("LISTENING", 120)));
            try {
                // open clients until one gets no answer: the gateway could not accept it
                LinePeer refused = null;
                String refusedMessage = null;
                for (int i = 0; i < MAX_CLIENTS && refused == null; i++) {
                    LinePeer c = new LinePeer(text);
                    c.socket().setSoTimeout(PROBE_TIMEOUT_MS);
                    c.sendLine("c" + i);
                    if (answers(c, "echo: c" + i) || !loggedAcceptFailure(child) && answersLate(c, "echo: c" + i)) {
                        accepted.add(c);
                    } else {
                        refused = c;
                        refusedMessage = "c" + i;
                    }
                }
                assertTrue(refused != null, "all " + MAX_CLIENTS + " clients were served under ulimit -n " + FD_LIMIT);
                waiting.add(refused);
                for (int i = 0; i < 10; i++) {
                    LinePeer c = new LinePeer(text); // the kernel completes the handshake: it waits in the backlog
                    c.sendLine("w" + i);
                    waiting.add(c);
                }
                assertTrue(accepted.size() > 10, "only " + accepted.size() + " clients accepted");
                awaitLog(child, "cannot accept connections");

                // saturated, with connections waiting to be accepted: the gateway must not burn a core
                double cpu0 = child.cpuSeconds();
                long t0 = System.nanoTime();
                Thread.sleep(SATURATION_WINDOW_MS); // the measurement window itself, not a wait for a condition
                double cpu = child.cpuSeconds() - cpu0;
                double wall = (System.nanoTime() - t0) / 1e9;
                System.out.printf("fd limit, %s: %d clients accepted; child CPU %.2f s over %.2f s saturated (%.0f%% of a core)%n",
                        transport, accepted.size(), cpu, wall, 100 * cpu / wall);
                assertTrue(cpu / wall < 0.5, "the saturated gateway used " + cpu + " s CPU in " + wall + " s");

                // the clients it has are still served
                for (int i = 0; i < 5; i++) {
                    LinePeer c = accepted.get(i);
                    c.socket().setSoTimeout(InnerPeer.READ_TIMEOUT_MS);
                    c.sendLine("still " + i);
                    assertEquals("echo: still " + i, c.readLine());
                }

                // free descriptors: the waiting connections are accepted and their messages answered
                for (int i = 0; i < 20; i++) {
                    accepted.remove(accepted.size() - 1).close();
                }
                LinePeer first = waiting.get(0);
                first.socket().setSoTimeout(InnerPeer.READ_TIMEOUT_MS);
                assertEquals("echo: " + refusedMessage, first.readLine());
                for (int i = 1; i < waiting.size(); i++) {
                    LinePeer c = waiting.get(i);
                    c.socket().setSoTimeout(InnerPeer.READ_TIMEOUT_MS);
                    assertEquals("echo: w" + (i - 1), c.readLine());
                }
                awaitLog(child, "accepting connections again");
                long warnings = child.log().stream().filter(l -> l.contains("cannot accept connections")).count();
                assertEquals(1, warnings, "one warning per streak of failures:\n" + String.join("\n", child.log()));
            } finally {
                for (LinePeer c : accepted) {
                    c.close();
                }
                for (LinePeer c : waiting) {
                    c.close();
                }
            }
        }
    }

    private static boolean answers(LinePeer c, String expected) throws IOException {
        try {
            assertEquals(expected, c.readLine());
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    /** A slow answer on a loaded machine, when the gateway has not reported an accept failure. */
    private static boolean answersLate(LinePeer c, String expected) throws IOException {
        c.socket().setSoTimeout(InnerPeer.READ_TIMEOUT_MS);
        boolean answered = answers(c, expected);
        c.socket().setSoTimeout(PROBE_TIMEOUT_MS);
        return answered;
    }

    private static boolean loggedAcceptFailure(ChildJvm child) {
        return child.log().stream().anyMatch(l -> l.contains("cannot accept connections"));
    }

    private static void awaitLog(ChildJvm child, String text) throws InterruptedException {
        try {
            Await.until("the child logs " + text, () -> child.log().stream().anyMatch(l -> l.contains(text)));
        } catch (AssertionError e) {
            throw new AssertionError("child never logged \"" + text + "\":\n" + String.join("\n", child.log()), e);
        }
    }
}
