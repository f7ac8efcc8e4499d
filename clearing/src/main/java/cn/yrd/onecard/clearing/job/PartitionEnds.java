package cn.yrd.onecard.clearing.job;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.TimeUnit;
import org.springframework.batch.core.repository.JobRepository;

/**
 * The manager's ear for its partitions' ends. Spring Batch's manager learns that its workers are done by polling the
 * job repository, reading the whole job execution (every step execution and its context) each time. Every 200 ms, a
 * split step went on 46 to 140 ms after its last partition ended (docs/scale.md); reading more often would read the
 * whole execution as often. A worker now says on the broker when it has recorded a partition's end (the reply Spring
 * Batch's worker sends when it has an output channel), and the manager's partition handler reads the repository once
 * a worker has said so since its last read, or after {@link #FALLBACK_MS} without a word (a word lost with the broker
 * costs that much at most): 9 to 18 ms. What ended is still the repository's to say: the words only say when to
 * look, so a stale or doubled one costs one read more.
 */
final class PartitionEnds {
    /** The longest a read waits for a worker's word before it reads anyway. */
    static final long FALLBACK_MS = 2000;
    private final long fallbackMs;
    private long heard;
    private long looked;

    PartitionEnds() {
        this(FALLBACK_MS);
    }

    PartitionEnds(long fallbackMs) {
        this.fallbackMs = fallbackMs;
    }

    /** A worker said it recorded a partition's end. */
    synchronized void heard() {
        heard++;
        notifyAll();
    }

    /**
     * {@code jobs} as the manager's partition handler sees it: a read of a job execution first waits for a word heard
     * since the last such read (or the fallback's time); everything else goes straight through. An interrupt (the
     * broker watch failing the step) ends the wait at once and stays set for the handler's poll to act on.
     */
    JobRepository waking(JobRepository jobs) {
        return (JobRepository) Proxy.newProxyInstance(JobRepository.class.getClassLoader(),
                new Class<?>[] {JobRepository.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getJobExecution") && method.getParameterCount() == 1
                            && method.getParameterTypes()[0] == long.class) {
                        awaitWord();
                    }
                    try {
                        return method.invoke(jobs, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private synchronized void awaitWord() {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(fallbackMs);
        try {
            for (long left = until - System.nanoTime(); heard == looked && left > 0; left = until - System.nanoTime()) {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Taken before the read: a word that comes while it runs makes the next read at once.
        looked = heard;
    }
}
