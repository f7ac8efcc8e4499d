package cn.yrd.onecard.clearing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yrd.onecard.cli.Cli;
import cn.yrd.onecard.crypto.CityKeyStore;
import cn.yrd.onecard.crypto.KeyPurpose;
import cn.yrd.onecard.database.DatabaseConnection;
import cn.yrd.onecard.database.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
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
        Path keys = dir.resolve("keys.p12");
        CityKeyStore store = CityKeyStore.generate(keys, "onecard-test".toCharArray(), EnumSet.of(KeyPurpose.TAC),
                new SecureRandom());
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        Nights.writeInbox(inbox, store, 12, 4_000);

        DatabaseConnection baseline = TestDatabase.forService("outagebase_clearing");
        run(baseline, inbox, keys, dir.resolve("outbox-baseline"));

        DatabaseConnection direct = TestDatabase.forService("outage_clearing");
        try (Blackout proxy = new Blackout(direct.url())) {
            DatabaseConnection viaProxy = new DatabaseConnection(proxy.url(), direct.user(), direct.password());
            ExecutorService runner = Executors.newSingleThreadExecutor();
            try {
                Future<Result> first = runner.submit(() -> run(viaProxy, inbox, keys, dir.resolve("outbox")));
                awaitLoadUnderWay(direct, first);
                proxy.cut();
                Thread.sleep(1_500);
                proxy.restore();
                Result cut = first.get(120, TimeUnit.SECONDS);
                // Usually the job ends FAILED naming the step and the lost connection; when the loss also hits
                // Spring Batch's own bookkeeping the launcher throws, and the command line exits 1 with that.
                assertThat(cut.exit).as("the cut-off run reports failure: %s", cut.out).isEqualTo(Cli.FAILED);
                assertThat(cut.out).as("names the step and the cause, or is left to the launcher's one line")
                        .satisfiesAnyOf(o -> assertThat(o).isEmpty(), o -> assertThat(o).matches(
                                "clearing of " + Nights.DAY + " (FAILED|UNKNOWN): step load\\S*: \\S.*\\R"));
                System.out.println("database outage: " + cut.out.strip());
            } finally {
                runner.shutdownNow();
            }
            Result rerun = run(viaProxy, inbox, keys, dir.resolve("outbox"));
            assertThat(rerun.exit).as(rerun.out).isEqualTo(ClearingCommand.SUSPENSE);
            assertThat(rerun.out).contains("resuming the clearing of " + Nights.DAY);
        }
        assertThat(Nights.night(direct)).isEqualTo(Nights.night(baseline));
        assertThat(Nights.sameFiles(dir.resolve("outbox"), dir.resolve("outbox-baseline")))
                .as("outgoing files byte for byte").isTrue();
    }

    private record Result(int exit, String out) {
    }

    private static Result run(DatabaseConnection db, Path inbox, Path keys, Path outbox) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ClearingCommand command = new ClearingCommand(new PrintStream(out, true, StandardCharsets.UTF_8), Map.of(
                "spring.datasource.url", db.url(), "spring.datasource.username", db.user(),
                "spring.datasource.password", db.password()));
        int exit = Cli.run(() -> command.run(Nights.args(inbox, keys, outbox)));
        return new Result(exit, out.toString(StandardCharsets.UTF_8));
    }

    /** Waits until some files are loaded and the rest are not, so the cut lands in the middle of the night. */
    private static void awaitLoadUnderWay(DatabaseConnection db, Future<?> run) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && !run.isDone()) {
            try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
                    ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM BATCH_STEP_EXECUTION "
                            + "WHERE STEP_NAME LIKE 'loadFile%' AND STATUS = 'COMPLETED'")) {
                if (rs.next() && rs.getInt(1) >= 2) {
                    return;
                }
            } catch (java.sql.SQLException notYetCreated) {
                // the run has not created Spring Batch's tables yet
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the load never got under way (run done: " + run.isDone() + ")");
    }

    /** A TCP relay to the database that can drop every connection and refuse new ones, like a failed link. */
    private static final class Blackout implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Socket> open = new CopyOnWriteArrayList<>();
        private final String target;
        private final String host;
        private final int port;
        private volatile boolean down;

        Blackout(String jdbcUrl) throws IOException {
            URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
            host = uri.getHost();
            port = uri.getPort() < 0 ? 3306 : uri.getPort();
            target = jdbcUrl;
            daemon(this::accept);
        }

        String url() {
            return target.replaceFirst("//[^/]+/", "//127.0.0.1:" + server.getLocalPort() + "/");
        }

        void cut() throws IOException {
            down = true;
            for (Socket s : open) {
                s.close();
            }
        }

        void restore() {
            down = false;
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    if (down) {
                        client.close();
                        continue;
                    }
                    Socket db = new Socket(host, port);
                    open.add(client);
                    open.add(db);
                    daemon(() -> pump(client, db));
                    daemon(() -> pump(db, client));
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private static void daemon(Runnable r) {
            Thread t = new Thread(r, "blackout");
            t.setDaemon(true);
            t.start();
        }

        private void pump(Socket from, Socket to) {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException cut) {
                // one side went away: the other follows below
            } finally {
                try {
                    from.close();
                    to.close();
                } catch (IOException ignored) {
                    // already closed
                }
                open.remove(from);
                open.remove(to);
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            cut();
        }
    }
}
