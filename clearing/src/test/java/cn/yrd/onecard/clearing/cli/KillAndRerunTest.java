package cn.yrd.onecard.clearing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yrd.onecard.crypto.CityKeyStore;
import cn.yrd.onecard.crypto.KeyPurpose;
import cn.yrd.onecard.database.DatabaseConnection;
import cn.yrd.onecard.database.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumSet;
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
        Path keys = dir.resolve("keys.p12");
        CityKeyStore store = CityKeyStore.generate(keys, "onecard-test".toCharArray(), EnumSet.of(KeyPurpose.TAC),
                new SecureRandom());
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        Nights.writeInbox(inbox, store, 12, 4_000);

        DatabaseConnection baseline = TestDatabase.forService("killbase_clearing");
        ByteArrayOutputStream ignored = new ByteArrayOutputStream();
        new ClearingCommand(new PrintStream(ignored, true, StandardCharsets.UTF_8), Map.of("spring.datasource.url",
                baseline.url(), "spring.datasource.username", baseline.user(), "spring.datasource.password",
                baseline.password())).run(Nights.args(inbox, keys, dir.resolve("outbox-baseline")));

        DatabaseConnection killed = TestDatabase.forService("kill_clearing");
        Random random = new Random(7);
        List<String> log = new ArrayList<>();
        // A run takes ~3 s to start and a few more to clear; kill at random moments until one gets through.
        for (int attempt = 0; attempt < 6; attempt++) {
            Process p = child(inbox, keys);
            long after = 2_500 + random.nextInt(4_500);
            boolean finished = p.waitFor(after, TimeUnit.MILLISECONDS);
            if (finished) {
                log.add("run " + attempt + " finished with " + p.exitValue());
                break;
            }
            p.destroyForcibly().waitFor();
            log.add("run " + attempt + " killed after " + after + " ms");
        }
        Process last = child(inbox, keys);
        assertThat(last.waitFor(120, TimeUnit.SECONDS)).as("the rerun finishes").isTrue();
        String out = new String(last.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(last.exitValue()).as("rerun after %s: %s", log, out).isEqualTo(ClearingCommand.SUSPENSE);

        assertThat(log).as("the test killed a run mid-way").anyMatch(l -> l.contains("killed"));
        assertThat(Nights.executions(killed)).as("the night took more than one execution: %s", log).isGreaterThan(1);
        assertThat(Nights.night(killed)).as("after %s", log).isEqualTo(Nights.night(baseline));
        assertThat(Nights.sameFiles(dir.resolve("outbox-killed"), dir.resolve("outbox-baseline")))
                .as("outgoing files byte for byte").isTrue();
        System.out.println("kill-and-rerun: " + log + "; " + Nights.executions(killed) + " executions");
    }
    private Process child(Path inbox, Path keys) throws Exception {
        DatabaseConnection server = TestDatabase.server();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ClearingCommand.class.getName()));
        cmd.addAll(List.of(Nights.args(inbox, keys, dir.resolve("outbox-killed"))));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("ONECARD_DB_URL", server.url() + "onecard_test_kill");
        env.put("ONECARD_DB_USER", server.user());
        env.put("ONECARD_DB_PASSWORD", server.password());
        return pb.start();
    }
}
