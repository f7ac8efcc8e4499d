package cn.yrd.onecard.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One server per data folder, whatever the processes around it do: the owner keeps its folder for its whole life
 * (a collected channel, or a second spelling of the folder, once freed it and a second server started on the same
 * files), a server never outlives its owner, and a joiner whose owner died takes over. Each test runs owners in
 * processes of their own, as the demo and the services do.
 */
class EmbeddedMariaDbOwnershipTest {
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void endOwners() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void theOwnerKeepsItsFolderThroughGarbageCollectionAndAnotherSpellingOfTheFolder() throws Exception {
        Path data = folder("owner-keeps");
        EmbeddedMariaDb db = EmbeddedMariaDb.shared(data);
        assertThat(db.owned()).isTrue();
        Path link = Files.createSymbolicLink(data.resolveSibling("owner-keeps-link"), data);
        assertThat(EmbeddedMariaDb.shared(link)).as("the same folder by a link is the same server").isSameAs(db);
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }

        Owner other = owner(data);

        assertThat(other.owned()).as("a second process joins; it does not own").isFalse();
        assertThat(other.port()).isEqualTo(db.port());
        assertThat(servers(data)).as("servers on the folder").hasSize(1);
    }

    @Test
    void aServerDiesWithItsOwnerAndTheNextProcessOwnsTheFolder() throws Exception {
        Path data = folder("owner-killed");
        Owner first = owner(data);
        assertThat(first.owned()).isTrue();
        assertThat(servers(data)).hasSize(1);

        first.process().destroyForcibly().waitFor(); // kill -9: no shutdown hook runs

        awaitNoServer(data);
        long restart = System.nanoTime();
        EmbeddedMariaDb db = EmbeddedMariaDb.shared(data);
        // A restart of a made folder is quick: it once took 9 to 15 s (MariaDB 11.4 making itself a TLS certificate
        // at each start) and outlasted the 30 s start timeout under CI's load.
        assertThat(Duration.ofNanos(System.nanoTime() - restart)).as("restart of an existing folder")
                .isLessThan(Duration.ofSeconds(5));
        assertThat(db.owned()).isTrue();
        assertAnswers(db);
        // The key generation's time is chance (1.5 to 15 s seen), so the timing above may miss its return: the
        // server says whether it made one.
        try (Connection c = DriverManager.getConnection(db.serverUrl(), db.user(), db.password());
                java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT @@have_ssl")) {
            rs.next();
            assertThat(rs.getString(1)).as("TLS on the loopback-only server").isEqualTo("DISABLED");
        }
        assertThat(servers(data)).hasSize(1);
    }

    @Test
    void anOwnerEndedPolitelyStopsItsServer() throws Exception {
        Path data = folder("owner-terminated");
        Owner first = owner(data);
        first.process().destroy(); // SIGTERM
        first.process().waitFor();
        awaitNoServer(data);
    }

    @Test
    void aServerLeftRunningByADeadOwnerIsStoppedBeforeTheNewOwnerStartsItsOwn() throws Exception {
        Path data = folder("owner-leftover");
        Owner first = owner(data);
        // The owner and its watchdog die together (as an OOM killer or a kill of the whole tree might do): the
        // server is left running on the folder with no owner.
        ProcessHandle leftover = servers(data).get(0);
        first.process().toHandle().descendants().filter(p -> !p.equals(leftover))
                .forEach(ProcessHandle::destroyForcibly);
        first.process().destroyForcibly().waitFor();
        Thread.sleep(500);
        assertThat(leftover.isAlive()).as("left running").isTrue();

        EmbeddedMariaDb db = EmbeddedMariaDb.shared(data);

        assertThat(db.owned()).isTrue();
        assertThat(leftover.isAlive()).as("the leftover server was stopped").isFalse();
        assertAnswers(db);
        assertThat(servers(data)).hasSize(1);
    }

    private record Owner(Process process, int port, boolean owned) {
    }

    private Owner owner(Path data) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), EmbeddedOwner.class.getName(), data.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        started.add(p);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith("port ")) {
                String[] f = line.split(" ");
                return new Owner(p, Integer.parseInt(f[1]), Boolean.parseBoolean(f[3]));
            }
        }
        throw new AssertionError("the owner process ended without a port (exit " + p.waitFor() + ")");
    }

    /** The MariaDB servers running on {@code data}'s folder, found by their command line as any admin would. */
    private static List<ProcessHandle> servers(Path data) throws Exception {
        Path folder = data.toRealPath();
        return ProcessHandle.allProcesses().filter(p -> EmbeddedMariaDb.serves(p, folder)).toList();
    }

    private static void awaitNoServer(Path data) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!servers(data).isEmpty()) {
            assertThat(System.nanoTime()).as("the server outlived its owner by 30 s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static void assertAnswers(EmbeddedMariaDb db) throws Exception {
        try (Connection c = DriverManager.getConnection(db.serverUrl(), db.user(), db.password())) {
            assertThat(c.isValid(5)).isTrue();
        }
    }

    private static Path folder(String name) throws Exception {
        Path data = TestDatabase.dataDir().resolveSibling("ownership-" + name);
        if (Files.exists(data)) {
            try (var files = Files.walk(data)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.deleteIfExists(data.resolveSibling("ownership-" + name + "-link"));
        Files.deleteIfExists(data.resolveSibling("owner-keeps-link"));
        return Files.createDirectories(data);
    }
}
