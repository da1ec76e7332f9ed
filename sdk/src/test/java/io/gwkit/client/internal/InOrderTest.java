package io.gwkit.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class InOrderTest {

    @Test
    void waitersRunInRegistrationOrderWithoutRecursionHoweverManyWait() {
        InOrder inOrder = new InOrder();
        Object key = new Object();
        CompletableFuture<String> connect = new CompletableFuture<>();
        List<Integer> ran = new ArrayList<>();
        int n = 100_000; // deep enough to overflow the stack if each waiter completed the next one's future
        for (int i = 0; i < n; i++) {
            int call = i;
            inOrder.after(key, connect, (value, failure) -> ran.add(call));
        }
        assertFalse(inOrder.idle(key));
        connect.complete("up");
        assertEquals(n, ran.size());
        for (int i = 0; i < n; i++) {
            assertEquals(i, ran.get(i));
        }
        assertTrue(inOrder.idle(key));
    }

    @Test
    void aLaterWaiterOnAnAlreadyCompleteFutureWaitsForEarlierOnesOnAPendingFuture() {
        InOrder inOrder = new InOrder();
        Object key = new Object();
        CompletableFuture<String> firstLookup = new CompletableFuture<>();
        List<String> ran = new ArrayList<>();
        inOrder.after(key, firstLookup, (value, failure) -> ran.add("first " + value));
        inOrder.after(key, CompletableFuture.completedFuture("x"), (value, failure) -> ran.add("second " + value));
        assertEquals(List.of(), ran);
        firstLookup.completeExceptionally(new IllegalStateException("down"));
        assertEquals(List.of("first null", "second x"), ran);
        assertTrue(inOrder.idle(key));
    }
}
