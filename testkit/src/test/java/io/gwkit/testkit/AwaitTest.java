package io.gwkit.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The await helper: returns once the condition holds, fails naming what it awaited and the last value. */
class AwaitTest {

    @Test
    void returnsOnceTheConditionHolds() throws Exception {
        AtomicLong n = new AtomicLong();
        Thread t = new Thread(() -> n.set(3));
        t.start();
        Await.value("n set", 3L, n::get);
        assertEquals(3, n.get());
        assertTrue(Await.until("already true", () -> true).compareTo(Duration.ofSeconds(1)) < 0);
    }

    @Test
    void failsNamingWhatAndTheLastValue() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> Await.until("never", Duration.ofMillis(20), () -> false));
        assertEquals("not within 0 s: never", e.getMessage());
        AtomicLong n = new AtomicLong(1);
        e = assertThrows(AssertionError.class, () -> Await.until("two", Duration.ofMillis(20), () -> n.get() == 2));
        assertTrue(e.getMessage().contains("two"), e.getMessage());
    }
}
