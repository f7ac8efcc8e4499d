package cn.yrd.onecard.clearing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yrd.onecard.cli.Cli;
import cn.yrd.onecard.database.DatabaseConnection;
import cn.yrd.onecard.database.TestDatabase;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database drops every connection in the middle of the load and refuses new ones for a while: the run
 * fails and says so, and the same command run again ends the night exactly as an uninterrupted one.
 */
class DatabaseOutageTest {
    @TempDir
    Path dir;

    @Test
    void aRunCutOffFromTheDatabaseReranToTheSameNight() throws Exception {
        Nights.Inbox inbox = Nights.prepare(dir);
        DatabaseConnection baseline = Nights.uninterrupted(inbox, "outagebase_clearing",
                dir.resolve("outbox-baseline"));

        DatabaseConnection direct = TestDatabase.forService("outage_clearing");
        URI server = URI.create(direct.url().substring("jdbc:".length()));
        try (Relay proxy = new Relay(server.getHost(), server.getPort() < 0 ? 3306 : server.getPort())) {
            DatabaseConnection viaProxy = new DatabaseConnection(direct.url().replaceFirst("//[^/]+/",
                    "//127.0.0.1:" + proxy.port() + "/"), direct.user(), direct.password());
            ExecutorService runner = Executors.newSingleThreadExecutor();
            try {
                Future<Nights.Outcome> first = runner.submit(() -> Nights.clear(viaProxy, inbox, dir.resolve("outbox")));
                awaitLoadUnderWay(direct, first);
                proxy.cut();
                Thread.sleep(1_500);
                proxy.restore();
                Nights.Outcome cut = first.get(120, TimeUnit.SECONDS);
                // Usually the job ends FAILED naming the step and the lost connection; when the loss also hits
                // Spring Batch's own bookkeeping the launcher throws, and the command line exits 1 with that.
                assertThat(cut.exit()).as("the cut-off run reports failure: %s", cut.out()).isEqualTo(Cli.FAILED);
                // The progress bar's and the step timers' lines aside:
                String verdict = cut.out().replaceAll("(?m)^  (\\[|steps \\().*\\R", "");
                assertThat(verdict).as("names the step and the cause, or is left to the launcher's one line")
                        .satisfiesAnyOf(o -> assertThat(o).isEmpty(), o -> assertThat(o).matches(
                                "clearing of " + Nights.DAY + " (FAILED|UNKNOWN): step load\\S*: \\S.*\\R"));
                System.out.println("database outage: " + cut.out().strip());
            } finally {
                runner.shutdownNow();
            }
            Nights.Outcome rerun = Nights.clear(viaProxy, inbox, dir.resolve("outbox"));
            assertThat(rerun.exit()).as(rerun.out()).isEqualTo(ClearingCommand.SUSPENSE);
            assertThat(rerun.out()).contains("resuming the clearing of " + Nights.DAY);
        }
        assertThat(Nights.night(direct)).isEqualTo(Nights.night(baseline));
        assertThat(Nights.sameFiles(dir.resolve("outbox"), dir.resolve("outbox-baseline")))
                .as("outgoing files byte for byte").isTrue();
    }

    /** Waits until some files are loaded and the rest are not, so the cut lands in the middle of the night. */
    private static void awaitLoadUnderWay(DatabaseConnection db, Future<?> run) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && !run.isDone()) {
            if (Nights.count(db, "SELECT COUNT(*) FROM BATCH_STEP_EXECUTION "
                    + "WHERE STEP_NAME LIKE 'loadFile%' AND STATUS = 'COMPLETED'") >= 2) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the load never got under way (run done: " + run.isDone() + ")");
    }
}
