package cn.yrd.onecard.clearing.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.repository.JobRepository;

/**
 * The manager's reads of the job repository for its partitions' ends: at once when a worker has said one ended, after
 * the fallback's time when none has. (The repository here only notes what is asked of it: what is tested is the wait
 * in front of it; RemotePartitioningTest runs the real one, with the words over a real broker.)
 */
class PartitionEndsTest {
    private static final long FALLBACK_MS = 1000;
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private final JobRepository repository = (JobRepository) Proxy.newProxyInstance(
            JobRepository.class.getClassLoader(), new Class<?>[] {JobRepository.class}, (proxy, method, args) -> {
                asked.add(method.getName());
                return null;
            });
    private final PartitionEnds ends = new PartitionEnds(FALLBACK_MS);
    private final JobRepository jobs = ends.waking(repository);

    @Test
    void aReadWaitsForAWorkersWordAndGoesAsItComes() throws Exception {
        long start = System.nanoTime();
        CompletableFuture<Long> read = CompletableFuture.supplyAsync(() -> {
            jobs.getJobExecution(7L);
            return millisSince(start);
        });
        Thread.sleep(150);
        assertThat(read).as("no word yet: still waiting").isNotDone();
        ends.heard();
        assertThat(read.get(FALLBACK_MS, TimeUnit.MILLISECONDS)).as("ms to the read").isBetween(150L, 600L);
        assertThat(asked).containsExactly("getJobExecution");
    }

    @Test
    void withoutAWordAReadGoesAfterTheFallbackAndAWordHeardDuringAReadMakesTheNextAtOnce() {
        long start = System.nanoTime();
        jobs.getJobExecution(7L);
        assertThat(millisSince(start)).as("ms without a word").isBetween(FALLBACK_MS, FALLBACK_MS + 500);

        ends.heard(); // as if while the last read ran
        start = System.nanoTime();
        jobs.getJobExecution(7L);
        assertThat(millisSince(start)).as("ms with a word waiting").isLessThan(300);

        start = System.nanoTime();
        jobs.getJobExecution(7L);
        assertThat(millisSince(start)).as("that word counts once").isGreaterThanOrEqualTo(FALLBACK_MS);
    }

    @Test
    void everythingElseGoesStraightThroughAndAnInterruptEndsTheWaitStillSet() throws Exception {
        long start = System.nanoTime();
        jobs.getStepExecution(7L, 8L);
        jobs.getLastJobExecution(null);
        assertThat(millisSince(start)).isLessThan(300);
        assertThat(asked).containsExactly("getStepExecution", "getLastJobExecution");

        CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
        Thread poll = new Thread(() -> {
            jobs.getJobExecution(7L);
            interrupted.complete(Thread.currentThread().isInterrupted());
        });
        start = System.nanoTime();
        poll.start();
        Thread.sleep(100);
        poll.interrupt(); // the broker watch failing the step
        assertThat(interrupted.get(FALLBACK_MS, TimeUnit.MILLISECONDS)).as("interrupt kept for the poll").isTrue();
        assertThat(millisSince(start)).as("ms to the end of the wait").isLessThan(600);
    }

    private static long millisSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}
