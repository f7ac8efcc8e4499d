package cn.yrd.onecard.clearing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yrd.onecard.database.DatabaseConnection;
import cn.yrd.onecard.database.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The clearing JVM killed with SIGKILL at random moments, then the same command run again: the night ends
 * with exactly the records and totals of a night that was never interrupted.
 */
class KillAndRerunTest {

    @TempDir
    Path dir;

    @Test
    void killedRunsRerunToTheSameNightAsAnUninterruptedOne() throws Exception {
        Nights.Inbox inbox = Nights.prepare(dir);
        DatabaseConnection baseline = Nights.uninterrupted(inbox, "killbase_clearing", dir.resolve("outbox-baseline"));

        DatabaseConnection killed = TestDatabase.forService("kill_clearing");
        Random random = new Random(7);
        List<String> log = new ArrayList<>();
        // A run takes ~3 s to start (longer on a loaded machine) and a few more to clear. Even attempts die at a
        // random moment from launch (start-up, migration, maybe the job); odd ones at a random moment after the
        // run records a new step, so at least one kill lands inside the job however slow start-up is.
        for (int attempt = 0; attempt < 6; attempt++) {
            int stepsBefore = Nights.count(killed, "SELECT COUNT(*) FROM BATCH_STEP_EXECUTION");
            Process p = child(inbox);
            String when;
            long after;
            if (attempt % 2 == 0) {
                after = 1_000 + random.nextInt(4_000);
                when = after + " ms after launch";
            } else {
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (p.isAlive() && Nights.count(killed, "SELECT COUNT(*) FROM BATCH_STEP_EXECUTION") <= stepsBefore && System.nanoTime() < until) {
                    Thread.sleep(10);
                }
                after = random.nextInt(2_000);
                when = after + " ms into the job";
            }
            if (p.waitFor(after, TimeUnit.MILLISECONDS)) {
                log.add("run " + attempt + " finished with " + p.exitValue());
                break;
            }
            p.destroyForcibly().waitFor();
            log.add("run " + attempt + " killed " + when);
        }
        Process last = child(inbox);
        assertThat(last.waitFor(120, TimeUnit.SECONDS)).as("the rerun finishes").isTrue();
        String out = new String(last.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(last.exitValue()).as("rerun after %s: %s", log, out).isEqualTo(ClearingCommand.SUSPENSE);

        assertThat(log).as("the test killed a run mid-way").anyMatch(l -> l.contains("into the job"));
        assertThat(Nights.executions(killed)).as("the night took more than one execution: %s", log).isGreaterThan(1);
        assertThat(Nights.night(killed)).as("after %s", log).isEqualTo(Nights.night(baseline));
        assertThat(Nights.sameFiles(dir.resolve("outbox-killed"), dir.resolve("outbox-baseline")))
                .as("outgoing files byte for byte").isTrue();
        System.out.println("kill-and-rerun: " + log + "; " + Nights.executions(killed) + " executions");
    }

    private Process child(Nights.Inbox inbox) throws Exception {
        DatabaseConnection server = TestDatabase.server();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ClearingCommand.class.getName()));
        cmd.addAll(List.of(Nights.args(inbox.dir(), inbox.keys(), dir.resolve("outbox-killed"))));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("ONECARD_DB_URL", server.url() + "onecard_test_kill");
        env.put("ONECARD_DB_USER", server.user());
        env.put("ONECARD_DB_PASSWORD", server.password());
        return pb.start();
    }
}
