package cn.yrd.onecard.clearing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yrd.onecard.database.DatabaseConnection;
import cn.yrd.onecard.database.TestDatabase;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The night over a real RabbitMQ (issue 21): a manager ({@code clear --broker}) and two workers ({@code clear
 * worker}), each in a JVM of its own, on one job repository. A worker killed with SIGKILL while it loads a partition
 * leaves that partition to the other, and the night comes out record for record and byte for byte as a single JVM
 * clears it. A broker that does not answer stops the manager and the worker at start, with one line.
 */
class RemotePartitioningTest {
    /** The machine's RabbitMQ (CI starts it); {@code ONECARD_TEST_BROKER} names another. */
    private static final String BROKER = System.getenv().getOrDefault("ONECARD_TEST_BROKER",
            "amqp://guest:guest@127.0.0.1:5672");

    @TempDir
    Path dir;
    private final List<Worker> workers = new ArrayList<>();

    /** A worker JVM and the lines it printed, as they come. */
    private record Worker(Process process, BlockingQueue<String> lines, List<String> seen) {
        /** The next line that contains {@code text}, within {@code seconds}; or null. */
        String await(String text, long seconds) throws InterruptedException {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            for (String line = lines.poll(1, TimeUnit.SECONDS); System.nanoTime() < until;
                    line = lines.poll(1, TimeUnit.SECONDS)) {
                if (line != null) {
                    seen.add(line);
                    if (line.contains(text)) {
                        return line;
                    }
                }
            }
            return null;
        }
    }

    @AfterEach
    void stopWorkers() throws InterruptedException {
        for (Worker w : workers) {
            w.process().destroyForcibly().waitFor();
        }
    }

    @Test
    void aKilledWorkersPartitionIsRunByTheOtherAndTheNightIsTheSingleJvmsByteForByte() throws Exception {
        Nights.Inbox inbox = Nights.prepare(dir);
        DatabaseConnection single = Nights.uninterrupted(inbox, "remotebase_clearing", dir.resolve("outbox-single"));
        DatabaseConnection shared = TestDatabase.forService("remote_clearing");

        // The first worker to start loading a partition dies there and then; the manager runs in this JVM.
        java.util.concurrent.atomic.AtomicReference<String> killed = new java.util.concurrent.atomic.AtomicReference<>();
        worker(inbox, killed);
        worker(inbox, killed);
        for (Worker w : workers) {
            assertThat(w.await("clearing worker: taking the load and card-history partitions from "
                    + "amqp://127.0.0.1:5672", 120)).as("worker up: %s", w.seen()).isNotNull();
        }
        Nights.Outcome night = Nights.clear(shared, Nights.DAY, inbox, dir.resolve("outbox-remote"), "--broker", BROKER);

        assertThat(night.exit()).as(night.out()).isEqualTo(ClearingCommand.SUSPENSE);
        assertThat(killed.get()).as("a worker was killed mid-partition").isNotNull();
        String partition = killed.get().substring("partition ".length(), killed.get().indexOf(" of execution"));
        List<Worker> alive = workers.stream().filter(w -> w.process().isAlive()).toList();
        assertThat(alive).as("one worker killed, one left").hasSize(1);
        assertThat(alive.get(0).await("partition " + partition + " of execution", 10)).as("the other worker ran %s: "
                + "%s", partition, alive.get(0).seen()).isNotNull();
        assertThat(Nights.night(shared)).as("every record and total").isEqualTo(Nights.night(single));
        assertThat(Nights.sameFiles(dir.resolve("outbox-remote"), dir.resolve("outbox-single")))
                .as("outgoing files byte for byte").isTrue();
    }

    @Test
    void aBrokerThatDoesNotAnswerStopsManagerAndWorkerAtStartWithOneLine() throws Exception {
        Nights.Inbox inbox = Nights.prepare(dir, 1, 10);
        DatabaseConnection db = TestDatabase.forService("nobroker_clearing");
        Nights.Outcome manager = Nights.clear(db, Nights.DAY, inbox, dir.resolve("outbox"), "--broker",
                "amqp://guest:guest@127.0.0.1:1");
        assertThat(manager.exit()).isEqualTo(1);
        assertThat(manager.out().strip()).startsWith("clearing of " + Nights.DAY + " not started: the broker "
                + "amqp://127.0.0.1:1 does not answer: ").doesNotContain("\n").doesNotContain("guest");
        assertThat(Nights.executions(db)).as("no job started").isZero();

        Process worker = start(inbox, "amqp://guest:guest@127.0.0.1:1");
        assertThat(worker.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out = new String(worker.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(worker.exitValue()).as(out).isEqualTo(1);
        assertThat(out.strip()).startsWith("clearing worker not started: the broker amqp://127.0.0.1:1 does not "
                + "answer: ").doesNotContain("\n");
    }

    /**
     * A worker JVM whose lines are read as they come; the first of the workers to print that it started a load
     * partition is killed (SIGKILL) at once, that line kept in {@code killed}.
     */
    private Worker worker(Nights.Inbox inbox, java.util.concurrent.atomic.AtomicReference<String> killed)
            throws Exception {
        Process p = start(inbox, BROKER);
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.startsWith("partition loadFile:") && line.endsWith(" started")
                            && killed.compareAndSet(null, line)) {
                        p.destroyForcibly();
                    }
                    lines.add(line);
                }
            } catch (java.io.IOException ended) {
                // the worker died
            }
        });
        reader.setDaemon(true);
        reader.start();
        Worker w = new Worker(p, lines, java.util.Collections.synchronizedList(new ArrayList<>()));
        workers.add(w);
        return w;
    }

    private Process start(Nights.Inbox inbox, String broker) throws Exception {
        DatabaseConnection server = TestDatabase.server();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ClearingCommand.class.getName(), "worker", "--broker",
                broker, "--keystore", inbox.keys().toString()).redirectErrorStream(true);
        pb.environment().put("ONECARD_DB_URL", server.url() + "onecard_test_remote");
        pb.environment().put("ONECARD_DB_USER", server.user());
        pb.environment().put("ONECARD_DB_PASSWORD", server.password());
        pb.environment().put("ONECARD_KEYSTORE_PASSWORD", "onecard-test");
        return pb.start();
    }
}
