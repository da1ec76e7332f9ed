package io.gwkit.client.internal;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * Callbacks that wait for futures, run in the order they were registered, per key. CompletableFuture runs its
 * own dependents last-in-first-out, so calls that waited for the same connect or register lookup would otherwise
 * reach the gateway in reverse order. Callbacks run one after another in a loop (no recursion however many wait),
 * on the thread that completed the future they waited for, or on the caller's when it was already complete.
 */
final class InOrder {

    private record Waiter(CompletableFuture<?> future, Runnable run) {
    }

    private final Object lock = new Object();
    /** Per key, the waiters not yet run; the head stays in while it runs (guarded by {@link #lock}). */
    private final Map<Object, ArrayDeque<Waiter>> queues = new HashMap<>();

    /** True when no callback waits or runs for {@code key}: a caller may go ahead without queueing. */
    boolean idle(Object key) {
        synchronized (lock) {
            return !queues.containsKey(key);
        }
    }

    /** Runs {@code action} with the outcome of {@code future} once it and every earlier waiter of {@code key} are done. */
    <V> void after(Object key, CompletableFuture<V> future, BiConsumer<? super V, ? super Throwable> action) {
        Waiter waiter = new Waiter(future, () -> future.whenComplete(action)); // complete by then: runs at once
        ArrayDeque<Waiter> queue;
        synchronized (lock) {
            queue = queues.computeIfAbsent(key, k -> new ArrayDeque<>());
            queue.add(waiter);
            if (queue.size() > 1) {
                return; // the waiter before it will drain up to it
            }
        }
        ArrayDeque<Waiter> q = queue;
        future.whenComplete((v, t) -> drain(key, q));
    }

    private void drain(Object key, ArrayDeque<Waiter> queue) {
        while (true) {
            Waiter head;
            synchronized (lock) {
                head = queue.peek();
                if (head == null) {
                    queues.remove(key);
                    return;
                }
            }
            if (!head.future().isDone()) {
                head.future().whenComplete((v, t) -> drain(key, queue));
                return;
            }
            try {
                head.run().run();
            } finally {
                synchronized (lock) {
                    queue.poll();
                }
            }
        }
    }
}
