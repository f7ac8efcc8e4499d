package cn.yrd.onecard.database;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A primary and a standby site for the centre's databases (issue 20, docs/recovery.md), as two real {@code mariadbd}
 * servers of the machine's MariaDB, sites A and B, each with its own data folder and port on loopback. The standby
 * replicates the primary by GTID, semi-synchronously ({@code AFTER_SYNC}): a transaction the primary commits is on
 * the standby before the commit returns (while the standby answers; the wait is bounded by
 * {@link #SEMI_SYNC_TIMEOUT_MS}). The pair is the drill's ground: the primary's site lost ({@link #killPrimary}), the
 * standby promoted ({@link #promote}) once it has applied all it received and never while the old primary still
 * answers; the lost site's disk read back ({@link #lostDisk}); the repaired site rebuilt from the new primary and made
 * primary again ({@link #failBack}). Every server is this object's child and stops with {@link #close}.
 */
public final class ReplicatedPair implements AutoCloseable {
    /** How long a commit on the primary waits for the standby's acknowledgement before it goes on alone. */
    public static final long SEMI_SYNC_TIMEOUT_MS = 10_000;
    private static final String USER = "onecard";
    private static final String REPLICATION_USER = "replication";
    /** The MySQL schemas of the server itself, never the centre's. */
    private static final String SYSTEM_SCHEMAS = "'mysql', 'information_schema', 'performance_schema', 'sys'";
    private static final String LOOPBACK = "127.0.0.1";
    private static final Pattern DUMPED_POSITION = Pattern.compile("gtid_slave_pos='([^']*)'");

    /** One site's server: its folder, address, port and process (a new one each time the site's server starts). */
    private static final class Site {
        final String name;
        final int index;
        final Path dir;
        final int serverId;
        final String host;
        Path data;
        int port;
        Process process;

        Site(String name, int index, Path dir, String host) {
            this.name = name;
            this.index = index;
            this.dir = dir;
            this.serverId = index + 1;
            this.host = host;
            this.data = dir.resolve("data");
        }

        String url() {
            return "jdbc:mysql://" + host + ":" + port + "/";
        }

        @Override
        public String toString() {
            return "site " + name + " (" + host + ":" + port + ")";
        }
    }

    private final String password;
    /** The sites' namespaces, or null: both on loopback. */
    private final SiteNetwork network;
    private Site primary;
    /** The site following the primary; null while the primary runs alone (its partner lost, not yet rebuilt). */
    private Site standby;
    /** The site lost with its primary, until it is rebuilt ({@link #failBack}). */
    private Site lost;

    private ReplicatedPair(String password, SiteNetwork network, Site primary, Site standby) {
        this.password = password;
        this.network = network;
        this.primary = primary;
        this.standby = standby;
    }

    /**
     * Two fresh servers under {@code dir} ({@code a/}, {@code b/}), A the primary, B its standby: each in a network
     * namespace of its own where the machine allows ({@link SiteNetwork}), else both on loopback.
     */
    public static ReplicatedPair start(Path dir) throws IOException, SQLException {
        String password = Long.toHexString(new java.security.SecureRandom().nextLong());
        SiteNetwork network = SiteNetwork.create();
        ReplicatedPair pair = new ReplicatedPair(password, network,
                new Site("A", 0, dir.resolve("a"), network == null ? LOOPBACK : network.host(0)),
                new Site("B", 1, dir.resolve("b"), network == null ? LOOPBACK : network.host(1)));
        // A JVM that ends without closing the pair (an exception, SIGTERM) stops its servers on the way out.
        Runtime.getRuntime().addShutdownHook(new Thread(pair::close, "replicated-pair-stop"));
        try {
            pair.install(pair.primary);
            pair.install(pair.standby);
            pair.follow(pair.standby, pair.primary, "");
        } catch (IOException | SQLException | RuntimeException e) {
            pair.close();
            throw e;
        }
        return pair;
    }

    /** A new data folder for {@code site}, its server started, and the services' and replication's accounts. */
    private void install(Site site) throws IOException, SQLException {
        Files.createDirectories(site.dir);
        run(List.of("mariadb-install-db", "--no-defaults", "--datadir=" + site.data,
                "--auth-root-authentication-method=normal", "--skip-test-db", "--user=" + osUser()),
                site.dir.resolve("install.log"));
        startServer(site, List.of());
        String hosts = network == null ? LOOPBACK : network.accountHosts();
        // Each site's accounts are its own, kept out of the binary log: they are not the centre's data.
        sql(site, "SET SESSION sql_log_bin = 0",
                "CREATE USER '" + USER + "'@'" + hosts + "' IDENTIFIED BY '" + password + "'",
                // The centre's schemas only: not READ ONLY ADMIN, so a standby's read_only holds for the services.
                "GRANT ALL PRIVILEGES ON `onecard\\_%`.* TO '" + USER + "'@'" + hosts + "'",
                "CREATE USER '" + REPLICATION_USER + "'@'" + hosts + "' IDENTIFIED BY '" + password + "'",
                "GRANT REPLICATION SLAVE ON *.* TO '" + REPLICATION_USER + "'@'" + hosts + "'");
    }

    /** Where the two sites are: "as two hosts in network namespaces of their own (…)" or "on loopback". */
    public String placement() {
        return network == null ? "on loopback" : network.toString();
    }

    private void startServer(Site site, List<String> more) throws IOException {
        int port = 3306; // a host of its own has the port to itself
        List<String> first = new ArrayList<>();
        if (network == null) {
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
        } else {
            // The drill's administration reaches a namespaced site from this machine's side of the bridge: its
            // root account there, kept out of the binary log, made at every start.
            Path init = site.dir.resolve("init.sql");
            Files.writeString(init, "SET sql_log_bin = 0;\nCREATE USER IF NOT EXISTS 'root'@'" + network.clients()
                    + "';\nGRANT ALL PRIVILEGES ON *.* TO 'root'@'" + network.clients() + "' WITH GRANT OPTION;\n");
            first.add("--init-file=" + init);
        }
        List<String> command = new ArrayList<>(List.of("/usr/sbin/mariadbd", "--no-defaults",
                "--datadir=" + site.data, "--port=" + port, "--bind-address=" + site.host,
                "--socket=" + site.dir.resolve("mariadb.sock"), "--pid-file=" + site.dir.resolve("mariadb.pid"),
                "--user=" + osUser(), "--server-id=" + site.serverId, "--log-bin=binlog", "--gtid-strict-mode=1",
                "--log-slave-updates=1", "--innodb-flush-log-at-trx-commit=1", "--sync-binlog=1",
                "--skip-slave-start",
                // The ledger's triggers are created by the services' account, which has no SUPER privilege.
                "--log-bin-trust-function-creators=1"));
        command.addAll(first);
        command.addAll(more);
        Path log = site.dir.resolve("mariadb.log");
        Process p = new ProcessBuilder(network == null ? command : network.inside(site.index, command))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        site.port = port;
        site.process = p;
        for (int i = 0; i < 300; i++) {
            if (!p.isAlive()) {
                throw new IOException("the server of " + site + " stopped at start; see " + log);
            }
            try (Connection c = DriverManager.getConnection(site.url(), "root", "")) {
                return;
            } catch (SQLException e) {
                sleep(100);
            }
        }
        p.destroyForcibly();
        throw new IOException("the server of " + site + " did not answer within 30 s; see " + log);
    }

    /**
     * {@code follower} replicates {@code leader} from {@code position} (a GTID position; empty: from the first
     * transaction), read-only, acknowledging each transaction; the leader waits for it at every commit.
     */
    private void follow(Site follower, Site leader, String position) throws SQLException {
        sql(follower, "SET GLOBAL read_only = 1", "SET GLOBAL rpl_semi_sync_slave_enabled = 1",
                "SET GLOBAL gtid_slave_pos = '" + position + "'",
                "CHANGE MASTER TO MASTER_HOST='" + leader.host + "', MASTER_PORT=" + leader.port + ", MASTER_USER='"
                        + REPLICATION_USER + "', MASTER_PASSWORD='" + password + "', MASTER_USE_GTID=slave_pos",
                "START SLAVE");
        sql(leader, "SET GLOBAL rpl_semi_sync_master_timeout = " + SEMI_SYNC_TIMEOUT_MS,
                "SET GLOBAL rpl_semi_sync_master_wait_point = 'AFTER_SYNC'",
                "SET GLOBAL rpl_semi_sync_master_enabled = 1");
        for (int i = 0; i < 100; i++) {
            if (semiSyncClients() > 0) {
                return;
            }
            sleep(100);
        }
        throw new SQLException(follower + " did not connect to " + leader + " as a semi-synchronous replica");
    }

    /** The JDBC URL (no schema) of the site the services use now: the primary. */
    public String url() {
        return primary.url();
    }

    /** The standby's URL; the services never write there (it is read-only). */
    public String standbyUrl() {
        return standbyOrFail().url();
    }

    /** Which site is the primary, for the drill's lines: "site A (host:port)". */
    public String primarySite() {
        return primary.toString();
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

    /** How many transactions the primary has committed that the standby has not applied yet: its lag. */
    public long transactionsBehind() throws SQLException {
        return sequence(gtid(primary, "gtid_binlog_pos")) - sequence(gtid(standbyOrFail(), "gtid_slave_pos"));
    }

    /**
     * How far behind the standby is: the GTIDs it received and has not applied yet (none when the two positions are
     * equal). The primary's side need not answer: after its death this is what the standby still has to do.
     */
    public Optional<String> unapplied() throws SQLException {
        String received = slaveStatus("Gtid_IO_Pos");
        String applied = gtid(standbyOrFail(), "gtid_slave_pos");
        return received.equals(applied) || received.isEmpty() ? Optional.empty()
                : Optional.of("received " + received + ", applied " + applied);
    }

    /** The primary's site lost as a site dies: its server killed (SIGKILL), no shutdown, nothing flushed. */
    public void killPrimary() throws InterruptedException {
        primary.process.destroyForcibly();
        primary.process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Waits up to {@code millis} for the standby to apply all it received; whether it has. */
    public boolean awaitApplied(long millis) throws SQLException {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (unapplied().isPresent()) {
            if (System.nanoTime() > until) {
                return false;
            }
            sleep(20);
        }
        return true;
    }

    /**
     * The standby made the primary: replication stopped and forgotten, writes allowed; it runs alone until the lost
     * site is rebuilt. Refused, with one line, while the old primary still answers (two primaries would split the
     * centre), and while the standby has not applied all it received, unless {@code force}.
     */
    public void promote(boolean force) throws SQLException {
        Site next = standbyOrFail();
        if (primary.process.isAlive()) {
            throw new IllegalStateException("the primary on port " + primary.port + " still runs: promoting the "
                    + "standby now would make two primaries; stop it first");
        }
        Optional<String> behind = unapplied();
        if (behind.isPresent() && !force) {
            throw new IllegalStateException("the standby has not applied all it received (" + behind.get()
                    + "): wait, or promote with --force and lose it");
        }
        takeWrites(next);
        lost = primary;
        primary = next;
        standby = null;
    }

    /**
     * The lost site's disk as it was when the site died, read back: its server restarted alone on its data folder
     * (crash recovery, read-only, not replicating) for the drill to compare with the promoted standby. The recovery
     * point: what it holds that the new primary does not.
     */
    public LostDisk lostDisk() throws IOException, SQLException {
        if (lost == null || lost.process.isAlive()) {
            throw new IllegalStateException("no site has been lost");
        }
        startServer(lost, List.of("--read-only=1"));
        return new LostDisk(lost);
    }

    /** The lost site's server on its own disk: its GTID position, its URL for the services' account, then stopped. */
    public final class LostDisk implements AutoCloseable {
        private final Site site;

        private LostDisk(Site site) {
            this.site = site;
        }

        public String url() {
            return site.url();
        }

        /**
         * The transactions on the lost disk the new primary has not got (by sequence number in the one GTID domain):
         * 0 when the standby had everything the lost site wrote.
         */
        public long transactionsNotOnThePrimary() throws SQLException {
            return Math.max(0, sequence(gtid(site, "gtid_binlog_pos")) - lastSequenceBeforePromotion());
        }

        @Override
        public void close() {
            stop(site);
        }
    }

    /**
     * The last sequence number the new primary took from the old one: gtid_binlog_state keeps the last GTID of each
     * server in each domain, the old primary's under its server id.
     */
    private long lastSequenceBeforePromotion() throws SQLException {
        return sequence(gtid(primary, "gtid_binlog_state"), lost.serverId);
    }

    /** {@code site} made the one that takes writes: replication stopped and forgotten, read-only off. */
    private static void takeWrites(Site site) throws SQLException {
        sql(site, "STOP SLAVE", "RESET SLAVE ALL", "SET GLOBAL rpl_semi_sync_slave_enabled = 0",
                "SET GLOBAL read_only = 0");
    }

    /**
     * Fail-back to the repaired site: its old disk put aside (kept as {@code data.lost-N}), a fresh server built there
     * from a consistent dump of the primary (the server's own {@code mariadb-dump}, with the GTID position it was taken
     * at), following the primary semi-synchronously until it has caught up; then the switchover: the primary read-only
     * (no two primaries even for a moment), the repaired site promoted once it has applied everything, and the old
     * primary following it as the standby. The services point at {@link #url()} again after it returns.
     */
    public void failBack() throws IOException, SQLException {
        if (lost == null) {
            throw new IllegalStateException("no site is lost: there is nothing to fail back to");
        }
        Site repaired = lost;
        stop(repaired);
        int n = 1;
        while (Files.exists(repaired.dir.resolve("data.lost-" + n))) {
            n++;
        }
        Files.move(repaired.data, repaired.dir.resolve("data.lost-" + n));
        install(repaired);
        follow(repaired, primary, copy(primary, repaired));
        lost = null;
        standby = repaired;
        // The switchover: nothing is written while the roles change.
        sql(primary, "SET GLOBAL read_only = 1");
        String last = gtid(primary, "gtid_binlog_pos");
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!gtid(repaired, "gtid_slave_pos").equals(last)) {
            if (System.nanoTime() > until) {
                sql(primary, "SET GLOBAL read_only = 0");
                throw new IllegalStateException(repaired + " did not catch up with " + primary + " within 60 s ("
                        + gtid(repaired, "gtid_slave_pos") + " of " + last + "): the primary stays where it is");
            }
            sleep(20);
        }
        takeWrites(repaired);
        sql(primary, "SET GLOBAL rpl_semi_sync_master_enabled = 0");
        Site old = primary;
        primary = repaired;
        standby = old;
        follow(old, repaired, last);
    }

    /** The centre's schemas of {@code from} loaded into {@code to}; the GTID position the copy was taken at. */
    private static String copy(Site from, Site to) throws IOException, SQLException {
        List<String> schemas = schemas(from);
        if (schemas.isEmpty()) {
            return gtid(from, "gtid_binlog_pos");
        }
        Path dump = to.dir.resolve("rebuild.sql");
        ServerTools.dumpForReplica(new ServerAddress(from.host, from.port, "", "root", ""), schemas, dump);
        ServerTools.load(new ServerAddress(to.host, to.port, "", "root", ""), dump);
        Matcher position = DUMPED_POSITION.matcher(Files.readString(dump, StandardCharsets.UTF_8));
        if (!position.find()) {
            throw new IOException("the dump " + dump + " of " + from + " names no GTID position to follow from");
        }
        Files.delete(dump);
        // The load's own binary log is not the centre's history: the copy follows on from the primary's position.
        sql(to, "RESET MASTER");
        return position.group(1);
    }

    private static List<String> schemas(Site site) throws SQLException {
        List<String> schemas = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(site.url(), "root", "");
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT SCHEMA_NAME FROM "
                        + "information_schema.SCHEMATA WHERE SCHEMA_NAME NOT IN (" + SYSTEM_SCHEMAS + ")")) {
            while (rs.next()) {
                schemas.add(rs.getString(1));
            }
        }
        return schemas;
    }

    private Site standbyOrFail() {
        if (standby == null) {
            throw new IllegalStateException("the primary runs alone: its partner site is lost and not rebuilt yet");
        }
        return standby;
    }

    private String slaveStatus(String column) throws SQLException {
        try (Connection c = DriverManager.getConnection(standbyOrFail().url(), "root", "");
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW SLAVE STATUS")) {
            return rs.next() ? String.valueOf(rs.getString(column)) : "";
        }
    }

    /** The sequence number of a GTID position's domain 0 (the centre writes in one domain), 0 when empty. */
    private static long sequence(String position) {
        return sequence(position, -1);
    }

    /** The same, of the GTID written by server {@code serverId} (-1: by any), 0 when there is none. */
    private static long sequence(String gtids, int serverId) {
        for (String gtid : gtids.split(",")) {
            String[] parts = gtid.strip().split("-"); // domain-server-sequence
            if (parts.length == 3 && parts[0].equals("0")
                    && (serverId < 0 || Integer.parseInt(parts[1]) == serverId)) {
                return Long.parseLong(parts[2]);
            }
        }
        return 0;
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

    private static void sql(Site site, String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(site.url(), "root", ""); Statement s = c.createStatement()) {
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

    /** A site's server stopped: a clean shutdown, then killed if it does not stop within 30 s. */
    private static void stop(Site s) {
        if (s.process != null && s.process.isAlive()) {
            s.process.destroy();
            try {
                if (!s.process.waitFor(30, TimeUnit.SECONDS)) {
                    s.process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                s.process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Every server stopped, and the sites' namespaces gone. */
    @Override
    public void close() {
        for (Site s : new Site[] {primary, standby, lost}) {
            if (s != null) {
                stop(s);
            }
        }
        if (network != null) {
            network.close();
        }
    }
}
