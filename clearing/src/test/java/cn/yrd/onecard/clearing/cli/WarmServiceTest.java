package cn.yrd.onecard.clearing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yrd.onecard.cli.CommandHost;
import cn.yrd.onecard.database.DatabaseConnection;
import cn.yrd.onecard.database.OneCardDatabase;
import cn.yrd.onecard.database.TestDatabase;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The clearing service warm in a command host (the seed sweep's) serves night after night on one context. A
 * database cut after a night's last statement leaves its pooled connections dead, and the pool would hand them to the
 * next command before it noticed: the next command starts on new ones, as a fresh service would.
 */
class WarmServiceTest {
    @TempDir
    Path dir;

    @Test
    void theCommandAfterADatabaseCutRunsOnNewConnections() throws Exception {
        Nights.Inbox night = Nights.prepare(dir, 3, 20);
        DatabaseConnection schema = TestDatabase.forService("warm_clearing");
        DatabaseConnection server = TestDatabase.server();
        List<String> database = List.of(OneCardDatabase.URL + "=" + server.url() + "onecard_test_warm",
                OneCardDatabase.USER + "=" + server.user(), OneCardDatabase.PASSWORD + "=" + server.password());
        Process host = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), CommandHost.class.getName(), ClearingCommand.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<String> outputs = new ArrayList<>();
        try (Writer requests = new OutputStreamWriter(host.getOutputStream(), StandardCharsets.UTF_8);
                BufferedReader answers = new BufferedReader(new InputStreamReader(host.getInputStream(),
                        StandardCharsets.UTF_8))) {
            for (int run = 1; run <= 2; run++) {
                Path output = dir.resolve("clear-" + run + ".log");
                requests.write(CommandHost.request(output.toString(), database,
                        List.of(Nights.args(night.dir(), night.keys(), dir.resolve("outbox")))) + "\n");
                requests.flush();
                assertThat(answers.readLine()).as("run %d: %s", run, output).isEqualTo("exit " + ClearingCommand.SUSPENSE);
                outputs.add(Files.readString(output));
                if (run == 1) {
                    assertThat(cutConnections(schema)).as("the warm service's pooled connections").isPositive();
                }
            }
        } finally {
            host.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(outputs.get(0)).contains("clearing of " + Nights.DAY + " COMPLETED");
        assertThat(outputs.get(1)).contains(Nights.DAY + " is already cleared");
    }

    /** Kills every other connection to the schema, as a failover would; returns how many. */
    private static int cutConnections(DatabaseConnection schema) throws Exception {
        try (Connection c = DriverManager.getConnection(schema.url(), schema.user(), schema.password());
                Statement s = c.createStatement()) {
            List<Long> ids = new ArrayList<>();
            try (ResultSet r = s.executeQuery("SELECT ID FROM information_schema.PROCESSLIST WHERE DB = DATABASE() "
                    + "AND ID <> CONNECTION_ID()")) {
                while (r.next()) {
                    ids.add(r.getLong(1));
                }
            }
            for (long id : ids) {
                s.execute("KILL CONNECTION " + id);
            }
            return ids.size();
        }
    }
}
