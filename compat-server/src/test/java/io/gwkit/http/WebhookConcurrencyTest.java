package io.gwkit.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.gwkit.cluster.TestClients;
import io.gwkit.php.PhpArray;
import io.gwkit.worker.EventContext;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** POSTs in flight are bounded: with a web app that holds every request, the next event waits for a permit. */
@Tag("socket")
class WebhookConcurrencyTest {

    /** An EventContext with just what an event's JSON needs. */
    private static EventContext event(String clientId) {
        return (EventContext) Proxy.newProxyInstance(EventContext.class.getClassLoader(),
                new Class<?>[] {EventContext.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "clientId":
                            return clientId;
                        case "session":
                            return new PhpArray();
                        case "clientIp":
                            return "127.0.0.1";
                        case "gatewayAddress":
                            return "127.0.0.1:2900";
                        case "workerName":
                            return "w";
                        case "messageBytes":
                            return new byte[0];
                        case "clientPort":
                        case "gatewayPort":
                        case "workerIndex":
                            return 0;
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        io.gwkit.testkit.Await.until(what, condition);
    }

    private static boolean waitsForAPermit(Thread t) {
        return t.getState() == Thread.State.WAITING && Arrays.stream(t.getStackTrace())
                .anyMatch(f -> f.getClassName().startsWith("java.util.concurrent.Semaphore"));
    }

    @Test
    void atMostMaxConcurrentRequestsAreInFlight() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        AtomicInteger arrived = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        try (MockWebServer web = new MockWebServer()) {
            web.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                    arrived.incrementAndGet();
                    maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    release.await(TestClients.AWAIT_SECONDS, TimeUnit.SECONDS);
                    inFlight.decrementAndGet();
                    return new MockResponse();
                }
            });
            web.start();
            WebhookHandler handler = WebhookHandler.builder().url(web.url("/hook").toString()).secret("s")
                    .maxConcurrentRequests(2)
                    .lostEventListener((e, c, reason) -> {
                        throw new AssertionError("lost " + e + " " + c + ": " + reason);
                    })
                    .build();
            List<Thread> clients = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String clientId = String.format("7f000001%04x%08x", 2900, i + 1);
                Thread t = new Thread(() -> handler.onMessage(event(clientId), clientId, "m"), "client-" + i);
                clients.add(t);
                t.start();
            }
            await(() -> inFlight.get() == 2, "two POSTs are in flight");
            await(() -> clients.stream().anyMatch(WebhookConcurrencyTest::waitsForAPermit),
                    "the third event waits for a permit");
            assertEquals(2, arrived.get());
            release.countDown();
            for (Thread t : clients) {
                t.join(TimeUnit.SECONDS.toMillis(TestClients.AWAIT_SECONDS));
                assertFalse(t.isAlive());
            }
            assertEquals(3, arrived.get());
            assertEquals(2, maxInFlight.get());
        }
    }
}
