package io.gwkit.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.worker.internal.KeyedSerialExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KeyedSerialExecutorTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(8);

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
    }

    @Test
    void tasksOfOneKeyNeverOverlapAndKeepTheirOrder() throws Exception {
        KeyedSerialExecutor ex = new KeyedSerialExecutor(pool);
        int keys = 5;
        int perKey = 2000;
        List<List<Integer>> seen = new ArrayList<>();
        AtomicInteger[] running = new AtomicInteger[keys];
        AtomicInteger overlaps = new AtomicInteger();
        for (int k = 0; k < keys; k++) {
            seen.add(new ArrayList<>());
            running[k] = new AtomicInteger();
        }
        for (int i = 0; i < perKey; i++) {
            for (int k = 0; k < keys; k++) {
                int key = k;
                int n = i;
                ex.execute(key, () -> {
                    if (running[key].incrementAndGet() != 1) {
                        overlaps.incrementAndGet();
                    }
                    seen.get(key).add(n); // unsynchronized on purpose: serial per key
                    running[key].decrementAndGet();
                });
            }
        }
        assertTrue(ex.shutdownAndDrain(30, TimeUnit.SECONDS));
        assertEquals(0, overlaps.get());
        for (int k = 0; k < keys; k++) {
            assertEquals(perKey, seen.get(k).size());
            for (int i = 0; i < perKey; i++) {
                assertEquals(i, seen.get(k).get(i));
            }
        }
    }

    @Test
    void aBlockedKeyLeavesOtherKeysRunningAndAThrowingTaskDoesNotStopItsKey() throws Exception {
        KeyedSerialExecutor ex = new KeyedSerialExecutor(pool);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch otherRan = new CountDownLatch(1);
        CountDownLatch afterThrow = new CountDownLatch(1);
        ex.execute("slow", () -> {
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        ex.execute("other", () -> {
            throw new IllegalStateException("expected in test");
        });
        ex.execute("other", otherRan::countDown);
        ex.execute("slow", afterThrow::countDown);
        assertTrue(otherRan.await(20, TimeUnit.SECONDS));
        assertEquals(1, afterThrow.getCount(), "the slow key is still blocked");
        release.countDown();
        assertTrue(afterThrow.await(20, TimeUnit.SECONDS));
        assertTrue(ex.shutdownAndDrain(20, TimeUnit.SECONDS));
        assertThrows(RejectedExecutionException.class, () -> ex.execute("x", () -> { }));
    }
}
