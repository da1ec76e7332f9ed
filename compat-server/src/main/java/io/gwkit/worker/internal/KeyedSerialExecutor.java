package io.gwkit.worker.internal;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks on a shared pool, one at a time per key and in submission order per key; tasks of different keys
 * run in parallel. A key's queue exists only while it has work, so idle keys cost nothing.
 */
public final class KeyedSerialExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(KeyedSerialExecutor.class);

    private final ExecutorService pool;
    private final Map<Object, ArrayDeque<Runnable>> queues = new HashMap<>();
    private int pending;
    private boolean shutdown;

    private volatile Runnable afterTask = () -> { };

    public KeyedSerialExecutor(ExecutorService pool) {
        this.pool = pool;
    }

    /** Runs after every task, once it no longer counts in {@link #pending()}, on the task's thread. */
    public void afterEachTask(Runnable hook) {
        this.afterTask = hook;
    }

    /** Queues a task behind the earlier tasks of the same key. */
    public void execute(Object key, Runnable task) {
        synchronized (this) {
            if (shutdown) {
                throw new RejectedExecutionException("executor is shut down");
            }
            pending++;
            ArrayDeque<Runnable> queue = queues.get(key);
            if (queue != null) {
                queue.add(task);
                return;
            }
            queue = new ArrayDeque<>();
            queue.add(task);
            queues.put(key, queue);
        }
        pool.execute(() -> drain(key));
    }

    private void drain(Object key) {
        Runnable task;
        synchronized (this) {
            task = queues.get(key).peek();
        }
        while (task != null) {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.error("task for key {} failed", key, e);
            }
            synchronized (this) {
                ArrayDeque<Runnable> queue = queues.get(key);
                queue.poll();
                pending--;
                task = queue.peek();
                if (task == null) {
                    // decided under the lock, so a concurrent execute() starts a new drain instead
                    queues.remove(key);
                }
                if (pending == 0) {
                    notifyAll();
                }
            }
            afterTask.run();
        }
    }

    /** Tasks queued or running. */
    public synchronized int pending() {
        return pending;
    }

    /**
     * Refuses new tasks and waits until every accepted task has run.
     *
     * @return true when all finished within the timeout
     */
    public boolean shutdownAndDrain(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        synchronized (this) {
            shutdown = true;
            while (pending > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
        return true;
    }
}
