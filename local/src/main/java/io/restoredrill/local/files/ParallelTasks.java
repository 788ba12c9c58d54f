package io.restoredrill.local.files;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs one task per item on a bounded pool of its own. When tasks fail, the failure of the first
 * failing item in list order is rethrown as is, after the remaining tasks were cancelled and have ended,
 * so no task is still touching files when the caller sees the failure.
 */
public final class ParallelTasks {

    private ParallelTasks() {
    }

    /** One thread per processor: for work bound by CPU or local disk. */
    public static int perProcessor() {
        return Runtime.getRuntime().availableProcessors();
    }

    public static <T> void run(List<T> items, int threads, Consumer<T> task) {
        map(items, threads, item -> {
            task.accept(item);
            return Boolean.TRUE;
        });
    }

    public static <T, R> List<R> map(List<T> items, int threads, Function<T, R> task) {
        int poolSize = Math.min(items.size(), Math.max(1, threads));
        if (poolSize <= 1) {
            return items.stream().map(task).toList();
        }
        ExecutorService pool = Executors.newFixedThreadPool(poolSize, daemonThreads());
        try {
            List<Future<R>> futures = new ArrayList<>(items.size());
            for (T item : items) {
                futures.add(pool.submit(() -> task.apply(item)));
            }
            List<R> results = new ArrayList<>(items.size());
            for (Future<R> future : futures) {
                results.add(await(future));
            }
            return results;
        } finally {
            pool.shutdownNow();
            awaitTermination(pool);
        }
    }

    private static void awaitTermination(ExecutorService pool) {
        try {
            while (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static <R> R await(Future<R> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            CancellationException cancelled = new CancellationException("interrupted while waiting for file tasks");
            cancelled.initCause(e);
            throw cancelled;
        }
    }

    private static ThreadFactory daemonThreads() {
        ThreadFactory delegate = Executors.defaultThreadFactory();
        return runnable -> {
            Thread thread = delegate.newThread(runnable);
            thread.setDaemon(true);
            thread.setName("restore-drill-files-" + thread.getId());
            return thread;
        };
    }
}
