package cn.yrd.onecard.clearing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yrd.onecard.database.DatabaseConnection;
import cn.yrd.onecard.database.TestDatabase;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The night over a real RabbitMQ (issue 21): a manager ({@code clear --broker}) and two workers ({@code clear
 * worker}), each in a JVM of its own, on one job repository. A worker killed with SIGKILL while it loads a partition
 * leaves that partition to the other; a manager killed while its workers load is rerun, the workers refusing the
 * killed execution's requests; either way the night comes out record for record and byte for byte as a single JVM
 * clears it. A broker that does not answer stops the manager and the worker at start, with one line; one lost mid-job
 * fails the night with one line, the workers wait for it, and once it answers the rerun completes the same night.
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
        Nights.Inbox inbox = Nights.prepareWithHistories(dir);
        DatabaseConnection single = Nights.uninterrupted(inbox, "remotebase_clearing", dir.resolve("outbox-single"));
        assertThat(Nights.night(single).get("records").toString()).as("card histories that span the files")
                .contains("|S|G01|", "|S|B02|", "|S|D01|");
        DatabaseConnection shared = TestDatabase.forService("remote_clearing");

        // The first worker to start loading a partition dies there and then; the manager runs in this JVM.
        AtomicReference<String> killed = new AtomicReference<>();
        for (int i = 0; i < 2; i++) {
            worker(inbox, BROKER, "onecard_test_remote", (line, self) -> {
                if (line.startsWith("partition loadFile:") && line.endsWith(" started")
                        && killed.compareAndSet(null, line)) {
                    self.destroyForcibly();
                }
            });
        }
        for (Worker w : workers) {
            assertThat(w.await("clearing worker: taking the load and card-history partitions from "
                    + "amqp://127.0.0.1:5672, 1 at a time", 120)).as("worker up: %s", w.seen()).isNotNull();
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
    void twoWorkersCheckCardHistoriesLoadedApartAsTheSingleJvmDoes() throws Exception {
        Nights.Inbox inbox = Nights.prepareWithHistories(dir);
        DatabaseConnection single = Nights.uninterrupted(inbox, "twobase_clearing", dir.resolve("outbox-single"));
        DatabaseConnection shared = TestDatabase.forService("two_clearing");
        // One worker as ./onecard starts one, its heap taken and touched at start; the other left to grow. Each says so.
        worker(inbox, BROKER, "onecard_test_two", (line, self) -> { }, "-Xms64m", "-XX:+AlwaysPreTouch");
        worker(inbox, BROKER, "onecard_test_two", (line, self) -> { });
        assertThat(workers.get(0).await("clearing worker: taking", 120)).as("worker up: %s", workers.get(0).seen())
                .contains(", heap 64 MB touched at start; ");
        assertThat(workers.get(1).await("clearing worker: taking", 120)).as("worker up: %s", workers.get(1).seen())
                .contains(" MB at start and left to grow (its first nights take pages from the kernel: "
                        + "-XX:+AlwaysPreTouch, docs/scale.md)");
        // The workers' words of their partitions' ends, as a manager hears them: on a queue of the schema's exchange.
        ConnectionFactory broker = new ConnectionFactory();
        broker.setUri(BROKER);
        try (Connection listening = broker.newConnection()) {
            Channel ends = listening.createChannel();
            String exchange = "onecard.clearing.onecard_test_two_clearing.partitionEnds";
            ends.exchangeDeclare(exchange, "fanout", true);
            String endsQueue = ends.queueDeclare().getQueue();
            ends.queueBind(endsQueue, exchange, "");

            Nights.Outcome night = Nights.clear(shared, Nights.DAY, inbox, dir.resolve("outbox-remote"), "--broker",
                    BROKER);

            assertThat(night.exit()).as(night.out()).isEqualTo(ClearingCommand.SUSPENSE);
            for (Worker w : workers) {
                assertThat(w.await("partition loadFile:", 10)).as("each worker loaded files: %s", w.seen()).isNotNull();
            }
            assertThat(Nights.night(shared)).as("every record and total").isEqualTo(Nights.night(single));
            assertThat(Nights.sameFiles(dir.resolve("outbox-remote"), dir.resolve("outbox-single")))
                    .as("outgoing files byte for byte").isTrue();
            assertThat(Nights.count(shared, "SELECT COUNT(*) FROM purse_record_chunk"))
                    .as("the night's chunks deleted").isZero();
            // Each partition's end was said, for the manager to go on at once (PartitionEndsTest).
            List<String> words = new ArrayList<>();
            for (GetResponse w = ends.basicGet(endsQueue, true); w != null; w = ends.basicGet(endsQueue, true)) {
                words.add(new String(w.getBody(), StandardCharsets.UTF_8));
            }
            assertThat(words).as("a word a partition").hasSize(Nights.count(shared, "SELECT COUNT(*) FROM "
                    + "BATCH_STEP_EXECUTION WHERE STEP_NAME LIKE '%:%'")).allMatch(w -> w.endsWith(" COMPLETED"));
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES) // without its watch, the manager would wait hours for its workers
    void aBrokerLostMidJobFailsTheNightInOneLineAndTheRerunCompletesOnceItAnswers() throws Exception {
        Nights.Inbox inbox = Nights.prepareWithHistories(dir);
        DatabaseConnection single = Nights.uninterrupted(inbox, "lostbase_clearing", dir.resolve("outbox-single"));
        DatabaseConnection shared = TestDatabase.forService("lost_clearing");
        java.net.URI broker = java.net.URI.create(BROKER);
        try (Relay link = new Relay(broker.getHost(), broker.getPort())) {
            String url = broker.getScheme() + "://" + broker.getRawUserInfo() + "@127.0.0.1:" + link.port();
            // The network to the broker is cut as the first load partition starts on a worker.
            AtomicReference<String> cutAt = new AtomicReference<>();
            for (int i = 0; i < 2; i++) {
                worker(inbox, url, "onecard_test_lost", (line, self) -> {
                    if (line.startsWith("partition loadFile:") && line.endsWith(" started")
                            && cutAt.compareAndSet(null, line)) {
                        try {
                            link.cut();
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                });
            }
            for (Worker w : workers) {
                assertThat(w.await("clearing worker: taking", 120)).as("worker up: %s", w.seen()).isNotNull();
            }
            long start = System.nanoTime();
            Nights.Outcome night = Nights.clear(shared, Nights.DAY, inbox, dir.resolve("outbox-remote"), "--broker",
                    url);
            long failedInS = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);

            assertThat(cutAt.get()).as("the broker was cut mid-load").isNotNull();
            assertThat(night.exit()).as(night.out()).isEqualTo(1);
            String shown = url.replaceFirst("//[^@]*@", "//");
            List<String> said = night.out().lines().filter(l -> l.contains("broker")).toList();
            assertThat(said).as(night.out()).hasSize(1);
            assertThat(said.get(0)).startsWith("clearing of " + Nights.DAY + " FAILED: step load: lost the broker "
                    + "mid-job: the broker " + shown + " does not answer: ").doesNotContain("Exception");
            assertThat(night.out()).doesNotContain("\tat ").doesNotContain("guest");
            assertThat(failedInS).as("failed within seconds, not the workers' timeout").isLessThan(60);
            for (Worker w : workers) {
                assertThat(w.await("clearing worker: the broker " + shown + " was lost", 30)).as("%s", w.seen())
                        .isNotNull();
            }

            link.restore();
            for (Worker w : workers) {
                assertThat(w.await("clearing worker: the broker " + shown + " answers again", 60)).as("%s", w.seen())
                        .isNotNull();
                assertThat(w.seen().stream().filter(l -> l.contains(" was lost")).count()).as("one line a loss")
                        .isEqualTo(1);
                assertThat(w.seen()).noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception"));
            }
            Nights.Outcome rerun = Nights.clear(shared, Nights.DAY, inbox, dir.resolve("outbox-remote"), "--broker",
                    url);
            assertThat(rerun.exit()).as(rerun.out()).isEqualTo(ClearingCommand.SUSPENSE);
            assertThat(rerun.out()).contains("resuming the clearing of " + Nights.DAY);
        }
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

        Process worker = start(inbox, "amqp://guest:guest@127.0.0.1:1", "onecard_test_remote");
        assertThat(worker.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out = new String(worker.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(worker.exitValue()).as(out).isEqualTo(1);
        assertThat(out.strip()).startsWith("clearing worker not started: the broker amqp://127.0.0.1:1 does not "
                + "answer: ").doesNotContain("\n");
    }

    @Test
    void aManagerKilledMidLoadIsRerunAndTheWorkersRefuseItsStaleRequests() throws Exception {
        Nights.Inbox inbox = Nights.prepare(dir);
        DatabaseConnection single = Nights.uninterrupted(inbox, "remotekillbase_clearing",
                dir.resolve("outbox-single"));
        DatabaseConnection shared = TestDatabase.forService("remotekill_clearing");
        DatabaseConnection server = TestDatabase.server();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), ClearingCommand.class.getName()));
        command.addAll(List.of(Nights.args(inbox.dir(), inbox.keys(), dir.resolve("outbox-remote"))));
        command.addAll(List.of("--broker", BROKER));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("manager.log").toFile());
        environment(pb, server, "onecard_test_remotekill");
        AtomicReference<Process> manager = new AtomicReference<>();
        AtomicReference<String> killedAt = new AtomicReference<>();
        for (int i = 0; i < 2; i++) {
            worker(inbox, BROKER, "onecard_test_remotekill", (line, self) -> {
                if (line.startsWith("partition loadFile:") && line.endsWith(" started") && manager.get() != null
                        && killedAt.compareAndSet(null, line)) {
                    manager.get().destroyForcibly(); // the manager dies while its workers load
                }
            });
        }
        for (Worker w : workers) {
            assertThat(w.await("clearing worker: taking", 120)).as("worker up: %s", w.seen()).isNotNull();
        }
        manager.set(pb.start());
        assertThat(manager.get().waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(killedAt.get()).as("the manager was killed while a worker loaded: %s",
                java.nio.file.Files.readString(dir.resolve("manager.log"))).isNotNull();

        Nights.Outcome rerun = Nights.clear(shared, Nights.DAY, inbox, dir.resolve("outbox-remote"), "--broker",
                BROKER);
        assertThat(rerun.exit()).as(rerun.out()).isEqualTo(ClearingCommand.SUSPENSE);
        assertThat(rerun.out()).contains("recovering execution ");
        assertThat(Nights.night(shared)).as("every record and total").isEqualTo(Nights.night(single));
        assertThat(Nights.sameFiles(dir.resolve("outbox-remote"), dir.resolve("outbox-single")))
                .as("outgoing files byte for byte").isTrue();
    }

    /** What a test does with each line a worker prints, the worker's process at hand. */
    @FunctionalInterface
    private interface OnLine {
        void seen(String line, Process worker);
    }

    /**
     * A worker JVM on {@code broker} and the schemas of {@code prefix}, whose lines are read as they come, each handed
     * to {@code onLine}.
     */
    private Worker worker(Nights.Inbox inbox, String broker, String prefix, OnLine onLine, String... jvmOptions)
            throws Exception {
        Process p = start(inbox, broker, prefix, jvmOptions);
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    onLine.seen(line, p);
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

    /** A worker JVM, started with {@code jvmOptions}. */
    private Process start(Nights.Inbox inbox, String broker, String prefix, String... jvmOptions) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ClearingCommand.class.getName(), "worker",
                "--broker", broker, "--keystore", inbox.keys().toString(), "--partitions", "1"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        environment(pb, TestDatabase.server(), prefix);
        return pb.start();
    }

    /** A child's database (the clearing schema of {@code prefix}) and keystore password, by its environment. */
    private static void environment(ProcessBuilder pb, DatabaseConnection server, String prefix) {
        pb.environment().put("ONECARD_DB_URL", server.url() + prefix);
        pb.environment().put("ONECARD_DB_USER", server.user());
        pb.environment().put("ONECARD_DB_PASSWORD", server.password());
        pb.environment().put("ONECARD_KEYSTORE_PASSWORD", "onecard-test");
    }
}
