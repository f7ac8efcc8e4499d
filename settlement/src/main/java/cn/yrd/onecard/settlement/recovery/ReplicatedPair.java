package cn.yrd.onecard.settlement.recovery;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A primary and a standby site for the centre's databases (issue 20, docs/recovery.md), as two real {@code mariadbd}
 * servers of the machine's MariaDB, each with its own data folder and port on loopback: the standby replicates the
 * primary by GTID, semi-synchronously, so a transaction the primary commits is on the standby before the commit
 * returns (while the standby answers; the wait is bounded by {@link #SEMI_SYNC_TIMEOUT_MS}). The pair is the
 * drill's ground: the primary killed ({@link #killPrimary}), the standby promoted ({@link #promote}) once it has
 * applied all it received, never while the old primary still answers. Both servers are this object's children and
 * stop with {@link #close}.
 */
public final class ReplicatedPair implements AutoCloseable {
    /** How long a commit on the primary waits for the standby's acknowledgement before it goes on alone. */
    public static final long SEMI_SYNC_TIMEOUT_MS = 10_000;
    private static final String USER = "onecard";
    private static final String REPLICATION_USER = "replication";

    /** One server: its folder, port and process. */
    private record Site(String name, Path dir, int port, Process process) {
        String url() {
            return "jdbc:mysql://127.0.0.1:" + port + "/";
        }
    }

    private final String password;
    private final Site primary;
    private final Site standby;
    private boolean promoted;

    private ReplicatedPair(String password, Site primary, Site standby) {
        this.password = password;
        this.primary = primary;
        this.standby = standby;
    }

    /** Two fresh servers under {@code dir} ({@code primary/}, {@code standby/}), the standby replicating. */
    public static ReplicatedPair start(Path dir) throws IOException, SQLException {
        String password = Long.toHexString(new java.security.SecureRandom().nextLong());
        Site primary = site("primary", dir.resolve("primary"), 1, List.of("--rpl-semi-sync-master-enabled=1",
                "--rpl-semi-sync-master-timeout=" + SEMI_SYNC_TIMEOUT_MS, "--rpl-semi-sync-master-wait-point="
                        + "AFTER_SYNC"));
        Site standby;
        try {
            standby = site("standby", dir.resolve("standby"), 2, List.of("--rpl-semi-sync-slave-enabled=1",
                    "--read-only=1"));
        } catch (IOException | RuntimeException e) {
            primary.process().destroyForcibly();
            throw e;
        }
        ReplicatedPair pair = new ReplicatedPair(password, primary, standby);
        // A JVM that ends without closing the pair (an exception, SIGTERM) stops its servers on the way out.
        Runtime.getRuntime().addShutdownHook(new Thread(pair::close, "replicated-pair-stop"));
        try {
            pair.configure();
        } catch (SQLException | RuntimeException e) {
            pair.close();
            throw e;
        }
        return pair;
    }

    private static Site site(String name, Path dir, int serverId, List<String> more) throws IOException {
        Files.createDirectories(dir);
        run(List.of("mariadb-install-db", "--no-defaults", "--datadir=" + dir.resolve("data"),
                "--auth-root-authentication-method=normal", "--skip-test-db", "--user=" + osUser()), dir.resolve(
                        "install.log"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of("/usr/sbin/mariadbd", "--no-defaults",
                "--datadir=" + dir.resolve("data"), "--port=" + port, "--bind-address=127.0.0.1",
                "--socket=" + dir.resolve("mariadb.sock"), "--pid-file=" + dir.resolve("mariadb.pid"),
                "--user=" + osUser(), "--server-id=" + serverId, "--log-bin=binlog", "--gtid-strict-mode=1",
                "--log-slave-updates=1", "--innodb-flush-log-at-trx-commit=1", "--sync-binlog=1"));
        command.addAll(more);
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("mariadb.log").toFile()).start();
        Site site = new Site(name, dir, port, p);
        for (int i = 0; i < 300; i++) {
            if (!p.isAlive()) {
                throw new IOException("the " + name + " server stopped at start; see " + dir.resolve("mariadb.log"));
            }
            try (Connection c = DriverManager.getConnection(site.url(), "root", "")) {
                return site;
            } catch (SQLException e) {
                sleep(100);
            }
        }
        p.destroyForcibly();
        throw new IOException("the " + name + " server did not answer within 30 s; see " + dir.resolve("mariadb.log"));
    }

    /** The services' account on both, and the standby following the primary from its first transaction. */
    private void configure() throws SQLException {
        for (Site s : List.of(primary, standby)) {
            sql(s, "root", "", "CREATE USER '" + USER + "'@'127.0.0.1' IDENTIFIED BY '" + password + "'",
                    "GRANT ALL PRIVILEGES ON *.* TO '" + USER + "'@'127.0.0.1'",
                    "CREATE USER '" + REPLICATION_USER + "'@'127.0.0.1' IDENTIFIED BY '" + password + "'",
                    "GRANT REPLICATION SLAVE ON *.* TO '" + REPLICATION_USER + "'@'127.0.0.1'");
        }
        // Each site's accounts were made on it alone: the standby starts from the primary's position now.
        sql(standby, "root", "", "SET GLOBAL gtid_slave_pos = '" + gtid(primary, "gtid_binlog_pos") + "'",
                "CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=" + primary.port() + ", MASTER_USER='"
                        + REPLICATION_USER + "', MASTER_PASSWORD='" + password + "', MASTER_USE_GTID=slave_pos",
                "START SLAVE");
        for (int i = 0; i < 100; i++) {
            if (semiSyncClients() > 0) {
                return;
            }
            sleep(100);
        }
        throw new SQLException("the standby did not connect to the primary as a semi-synchronous replica");
    }

    /** The JDBC URL (no schema) of the site the services use now: the primary, or the standby once promoted. */
    public String url() {
        return (promoted ? standby : primary).url();
    }

    public String standbyUrl() {
        return standby.url();
    }

    public String primaryUrl() {
        return primary.url();
    }

    public String user() {
        return USER;
    }

    public String password() {
        return password;
    }

    /** How many replicas the primary waits for at commit: 1 while the standby acknowledges. */
    public long semiSyncClients() throws SQLException {
        return Long.parseLong(status(primary, "Rpl_semi_sync_master_clients"));
    }

    /** Transactions the primary committed after the standby acknowledged them (semi-synchronously). */
    public long acknowledgedCommits() throws SQLException {
        return Long.parseLong(status(primary, "Rpl_semi_sync_master_yes_tx"));
    }

    /** Transactions the primary committed without the standby's acknowledgement (it waited in vain, then went on). */
    public long unacknowledgedCommits() throws SQLException {
        return Long.parseLong(status(primary, "Rpl_semi_sync_master_no_tx"));
    }

    /**
     * How far behind the standby is: the GTIDs it received and has not applied yet (none when the two positions are
     * equal). The primary's side need not answer: after its death this is what the standby still has to do.
     */
    public Optional<String> unapplied() throws SQLException {
        String received = slaveStatus("Gtid_IO_Pos");
        String applied = gtid(standby, "gtid_slave_pos");
        return received.equals(applied) || received.isEmpty() ? Optional.empty()
                : Optional.of("received " + received + ", applied " + applied);
    }

    /** The primary's server killed as a lost site dies: SIGKILL, no shutdown, nothing flushed on the way out. */
    public void killPrimary() throws InterruptedException {
        primary.process().destroyForcibly();
        primary.process().waitFor(30, TimeUnit.SECONDS);
    }

    /**
     * The standby made the primary: replication stopped and forgotten, writes allowed. Refused, with one line, while
     * the old primary still answers (two primaries would split the centre), and while the standby has not applied all
     * it received, unless {@code force}.
     */
    public void promote(boolean force) throws SQLException {
        if (primary.process().isAlive()) {
            throw new IllegalStateException("the primary on port " + primary.port() + " still runs: promoting the "
                    + "standby now would make two primaries; stop it first");
        }
        Optional<String> behind = unapplied();
        if (behind.isPresent() && !force) {
            throw new IllegalStateException("the standby has not applied all it received (" + behind.get()
                    + "): wait, or promote with --force and lose it");
        }
        sql(standby, "root", "", "STOP SLAVE", "RESET SLAVE ALL", "SET GLOBAL read_only = 0");
        promoted = true;
    }

    private String slaveStatus(String column) throws SQLException {
        try (Connection c = DriverManager.getConnection(standby.url(), "root", "");
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW SLAVE STATUS")) {
            return rs.next() ? String.valueOf(rs.getString(column)) : "";
        }
    }

    private static String gtid(Site site, String variable) throws SQLException {
        try (Connection c = DriverManager.getConnection(site.url(), "root", "");
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @@GLOBAL." + variable)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String status(Site site, String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(site.url(), "root", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW GLOBAL STATUS LIKE '" + name + "'")) {
            return rs.next() ? rs.getString(2) : "0";
        }
    }

    private static void sql(Site site, String user, String password, String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(site.url(), user, password); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    private static void run(List<String> command, Path log) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException(command.get(0) + " failed; see " + log);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(command.get(0) + " interrupted", e);
        }
    }

    /** The account the servers run as: the command's own (root in CI, where mariadbd must be told so). */
    private static String osUser() {
        return System.getProperty("user.name");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Both servers stopped: a clean shutdown, then killed if they do not stop within 30 s. */
    @Override
    public void close() {
        for (Site s : List.of(primary, standby)) {
            if (s.process().isAlive()) {
                s.process().destroy();
                try {
                    if (!s.process().waitFor(30, TimeUnit.SECONDS)) {
                        s.process().destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    s.process().destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
