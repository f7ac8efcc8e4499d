package cn.yrd.onecard.demo.day;

import cn.yrd.onecard.cli.Cli;
import cn.yrd.onecard.cli.CommandHost;
import cn.yrd.onecard.sim.keys.TestKeystoreCommand;
import cn.yrd.onecard.crypto.KeystorePassword;
import cn.yrd.onecard.database.DatabaseConnection;
import cn.yrd.onecard.database.EmbeddedMariaDb;
import cn.yrd.onecard.database.OneCardDatabase;
import cn.yrd.onecard.database.ReplicatedPair;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Clearing and settlement as the separate services they are: each command runs in a JVM of its module's own
 * class path (as {@code ./onecard} runs it), on a database of the demo's own that starts empty. A single day
 * starts a JVM per command (schemas {@code onecard_demo_*} on {@code ONECARD_DB_URL}'s server, or an embedded
 * MariaDB under the output folder that the demo owns). A seed sweep keeps one warm JVM per module
 * ({@link CommandHost}) and gives each day schemas of its own, dropped once the day passed; a fault that kills a
 * service kills that JVM, and the next command starts another.
 */
final class Services implements AutoCloseable {
    private static final String MARKER = ".onecard-demo";
    /** The schema prefix of a seed sweep's lanes. */
    private static final String SWEEP = "onecard_sweep";
    /** The schema prefix of a single day. */
    static final String DEMO = "onecard_demo";

    private final Path root;
    private final Path logs;
    private final Map<String, String> env;
    /** ONECARD_DB_* of this day's schemas: in the environment of a JVM per command, as properties of a host's. */
    private final Map<String, String> database;
    private final Map<String, Host> hosts;
    private final Sites sites;
    private int runs;

    private Services(Path root, Path logs, Map<String, String> env, Map<String, String> database,
            Map<String, Host> hosts, Sites sites) {
        this.root = root;
        this.logs = logs;
        this.env = env;
        this.database = database;
        this.hosts = hosts;
        this.sites = sites;
    }

    /** What a command printed and how it ended. */
    record Run(int exit, String output) {
        String lastLine() {
            String[] lines = output.strip().split("\n");
            return lines[lines.length - 1];
        }

        /** The first line starting with {@code prefix}, or the last line. */
        String line(String prefix) {
            return output.lines().filter(l -> l.startsWith(prefix)).findFirst().orElse(lastLine());
        }

        /** Clearing's summary without its header line. */
        String summary() {
            return line("clearing of");
        }
    }

    /** A day's services, a JVM per command: empties the output folder (only one a demo made) and the database. */
    static Services fresh(Path out, Map<String, String> given) throws IOException, SQLException, URISyntaxException {
        empty(out);
        Map<String, String> env = childEnvironment(given);
        String server = given.get(OneCardDatabase.URL);
        if (server != null && !server.isBlank()) {
            try (Connection c = DriverManager.getConnection(base(server), user(given), password(given));
                    Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS onecard_demo_clearing");
                s.execute("DROP DATABASE IF EXISTS onecard_demo_settlement");
            }
            env.put(OneCardDatabase.URL, base(server) + DEMO);
        } else {
            // The demo owns its server for its whole run: a child killed on purpose must not take it along.
            // The children join it through the data folder, as ./onecard commands of one folder do.
            env.put(OneCardDatabase.DATA_DIR, out.resolve("data").toString());
            env.put(OneCardDatabase.EMBEDDED, "true"); // the demo's own database, as --embedded asks
            OneCardDatabase.resolve("clearing", env::get);
        }
        return new Services(modulesRoot(), Files.createDirectories(out.resolve("logs")), env, Map.of(), null, null);
    }

    /**
     * A day's services on the primary of a fresh {@link ReplicatedPair} under {@code out/sites} ({@code demo --dr},
     * {@code dr drill}), which loses its primary site where {@code loss} says; the pair stops with {@link #close}.
     */
    static Services onSites(Path out, Map<String, String> given, Sites.Loss loss, boolean force) throws IOException,
            SQLException, URISyntaxException {
        empty(out);
        Map<String, String> env = childEnvironment(given);
        Sites sites = Sites.start(out.resolve("sites"), loss, force);
        env.putAll(sites.configuration(DEMO));
        return new Services(modulesRoot(), Files.createDirectories(out.resolve("logs")), env, Map.of(), null, sites);
    }

    /** The centre's two sites under the day, or null when its services use one database. */
    Sites sites() {
        return sites;
    }

    /**
     * The services of a seed sweep's lanes, which run days side by side: one server for them all (ONECARD_DB_URL's, or
     * an embedded one under {@code out/data}); each lane its own schemas ({@code onecard_sweepN_*}) and a warm JVM
     * per module, shared by every {@link #day} it runs.
     */
    static List<Services> sweep(Path out, Map<String, String> given, int lanes)
            throws IOException, URISyntaxException, SQLException {
        empty(out);
        Map<String, String> env = childEnvironment(given);
        String server = given.get(OneCardDatabase.URL);
        Map<String, String> database = new HashMap<>();
        if (server != null && !server.isBlank()) {
            database.put(OneCardDatabase.URL, base(server));
            database.put(OneCardDatabase.USER, user(given));
            database.put(OneCardDatabase.PASSWORD, password(given));
        } else {
            EmbeddedMariaDb db = EmbeddedMariaDb.shared(out.resolve("data"));
            database.put(OneCardDatabase.URL, db.serverUrl());
            database.put(OneCardDatabase.USER, db.user());
            database.put(OneCardDatabase.PASSWORD, db.password());
        }
        env.remove(OneCardDatabase.URL);
        List<Services> sweep = new ArrayList<>();
        for (int lane = 1; lane <= lanes; lane++) {
            Map<String, String> laneDatabase = new HashMap<>(database);
            laneDatabase.put(OneCardDatabase.URL, database.get(OneCardDatabase.URL) + SWEEP + lane);
            Services services = new Services(modulesRoot(), out, env, laneDatabase, new HashMap<>(), null);
            services.dropSweepSchemas();
            sweep.add(services);
        }
        return sweep;
    }

    /**
     * The services of one day of a sweep, logs under {@code dayDir/logs}: the sweep's schemas emptied of the last
     * day's rows (migrating a new schema for each day would cost more than the day).
     */
    Services day(Path dayDir) throws SQLException, IOException {
        try (Connection c = DriverManager.getConnection(base(database.get(OneCardDatabase.URL)),
                database.get(OneCardDatabase.USER), database.get(OneCardDatabase.PASSWORD));
                Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            // Spring Batch's id sequences (the *_SEQ tables) keep counting; Flyway's history stays true; settlement's
            // city table, filled when its service starts, stays filled for the warm service that serves the next day.
            try (ResultSet r = s.executeQuery("SELECT CONCAT(TABLE_SCHEMA, '.', TABLE_NAME) FROM information_schema.TABLES "
                    + "WHERE TABLE_SCHEMA IN ('" + schemas() + "_clearing', '" + schemas() + "_settlement') AND TABLE_TYPE = "
                    + "'BASE TABLE' AND TABLE_NAME NOT LIKE '%\\_SEQ' AND TABLE_NAME NOT IN ('flyway_schema_history', "
                    + "'city')")) {
                while (r.next()) {
                    tables.add(r.getString(1));
                }
            }
            s.execute("SET FOREIGN_KEY_CHECKS = 0");
            for (String table : tables) {
                s.execute("TRUNCATE TABLE " + table); // not DELETE: the ledger refuses deletes by trigger
            }
        }
        return new Services(root, Files.createDirectories(dayDir.resolve("logs")), env, database, hosts, null);
    }

    private void dropSweepSchemas() throws SQLException {
        try (Connection c = DriverManager.getConnection(base(database.get(OneCardDatabase.URL)),
                database.get(OneCardDatabase.USER), database.get(OneCardDatabase.PASSWORD));
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + schemas() + "_clearing");
            s.execute("DROP DATABASE IF EXISTS " + schemas() + "_settlement");
        }
    }

    /** The prefix of a sweep lane's schemas: the last segment of its URL. */
    private String schemas() {
        String url = database.get(OneCardDatabase.URL);
        return url.substring(url.lastIndexOf('/') + 1);
    }

    /** Ends the warm JVMs of a sweep (they would end with the demo anyway) and the servers of the day's sites. */
    @Override
    public void close() {
        if (hosts != null) {
            hosts.values().forEach(Host::kill);
            hosts.clear();
        }
        if (sites != null) {
            sites.close();
        }
    }

    /** What dies with a command killed on purpose, just before it: nothing, or the site it runs on. */
    @FunctionalInterface
    interface Collateral {
        Collateral NONE = afterMs -> { };

        void dies(long afterMs) throws Exception;
    }

    /**
     * Runs a command and kills it (SIGKILL, as a crash would) {@code millis} after its job started a new execution;
     * returns whether the kill came before the command had ended.
     */
    boolean runKilled(long millis, String module, String main, String... args) throws Exception {
        return runKilled(millis, Collateral.NONE, module, main, args);
    }

    /** {@link #runKilled(long, String, String, String...)}, {@code collateral} dying first. */
    boolean runKilled(long millis, Collateral collateral, String module, String main, String... args)
            throws Exception {
        Running r = launch(module, main, log(module, "killed"), args);
        if (duringJob(module, r, millis) != null) {
            return false;
        }
        collateral.dies(millis);
        r.kill();
        return true;
    }

    /**
     * Runs a command and kills it (SIGKILL) {@code millis} after a row it has not committed yet shows in
     * {@code probe} (a count read uncommitted: the command is inside the transaction that writes it), {@code collateral}
     * dying first; returns whether the kill came before the command had ended.
     */
    boolean runKilledMidTransaction(long millis, Collateral collateral, String probe, String module, String main,
            String... args) throws Exception {
        Running r = launch(module, main, log(module, "killed"), args);
        DatabaseConnection db = connection(module);
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
                Statement s = c.createStatement()) {
            c.setTransactionIsolation(Connection.TRANSACTION_READ_UNCOMMITTED);
            while (count(s, probe) == 0) {
                if (r.waitFor(2) != null) {
                    return false;
                }
            }
        }
        if (r.waitFor(millis) != null) {
            return false;
        }
        collateral.dies(millis);
        r.kill();
        return true;
    }

    /** The services pointed at another database server by their configuration alone (ONECARD_DB_*): a failover. */
    void pointAt(Map<String, String> configuration) {
        env.putAll(configuration);
    }

    /** A count in a service's schema, as committed. */
    long count(String module, String sql) throws SQLException {
        DatabaseConnection db = connection(module);
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
                Statement s = c.createStatement()) {
            return count(s, sql);
        }
    }

    /** The count {@code sql} gives, 0 while its table does not exist yet (the command migrates it). */
    private static long count(Statement s, String sql) {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        } catch (SQLException noTableYet) {
            return 0;
        }
    }

    /**
     * Runs a command and, {@code millis} after its job has started a new execution, kills every connection the
     * service has to its database, as a failover or a network cut would.
     */
    Dropped runDroppingDatabase(long millis, String module, String main, String... args) throws Exception {
        Path log = log(module, "database-dropped");
        Running r = launch(module, main, log, args);
        int[] killed = {-1};
        Integer exit = duringJob(module, r, millis, s -> {
            try (ResultSet rows = s.executeQuery("SELECT ID FROM information_schema.PROCESSLIST WHERE DB = "
                    + "DATABASE() AND ID <> CONNECTION_ID()")) {
                List<Long> ids = new ArrayList<>();
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
                for (long id : ids) {
                    s.execute("KILL CONNECTION " + id);
                }
                killed[0] = ids.size();
            }
        });
        exit = exit != null ? exit : r.waitFor(TimeUnit.MINUTES.toMillis(5));
        if (exit == null) {
            r.kill();
            throw new IllegalStateException(module + " did not end within 5 minutes of losing its database");
        }
        return new Dropped(new Run(exit, Files.readString(log)), Math.max(0, killed[0]));
    }

    /** What a fault does to a service's database, through the demo's own connection to its schema. */
    @FunctionalInterface
    private interface Strike {
        void on(Statement s) throws SQLException;
    }

    private Integer duringJob(String module, Running r, long millis) throws Exception {
        return duringJob(module, r, millis, s -> { });
    }

    /**
     * Waits until the command's job has started a new execution, then {@code millis} more, then strikes: returns
     * null when the strike came while the command ran, else the command's exit code (it ended first).
     */
    private Integer duringJob(String module, Running r, long millis, Strike strike) throws Exception {
        DatabaseConnection db = connection(module);
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
                Statement s = c.createStatement()) {
            long before = lastExecution(s);
            while (lastExecution(s) <= before) {
                Integer exit = r.waitFor(10);
                if (exit != null) {
                    return exit;
                }
            }
            Integer exit = r.waitFor(millis);
            if (exit != null) {
                return exit;
            }
            strike.on(s);
            return null;
        }
    }

    /** A run that lost its database: how it ended, and how many of its connections were cut. */
    record Dropped(Run run, int connections) {
    }

    /** The clearing service's jar: its packaged configuration holds the fee table it clears with. */
    Path clearingJar() {
        return root.resolve("clearing/target/clearing.jar");
    }

    /** The connection the demo itself uses to look at a service's schema. */
    DatabaseConnection connection(String module) {
        Map<String, String> all = new HashMap<>(env);
        all.putAll(database);
        return OneCardDatabase.resolve(module, all::get);
    }

    /** The newest job execution of the service's schema, 0 before its first (or before its tables exist). */
    private static long lastExecution(Statement s) {
        return count(s, "SELECT COALESCE(MAX(JOB_EXECUTION_ID), 0) FROM BATCH_JOB_EXECUTION");
    }

    /** Runs {@code main} of {@code module} with {@code args}; its output is also kept under logs/. */
    Run run(String module, String main, String... args) throws IOException, InterruptedException {
        Path log = log(module, args[0].replace("--", ""));
        Running r = launch(module, main, log, args);
        Integer exit = r.waitFor(TimeUnit.MINUTES.toMillis(30));
        if (exit == null) {
            r.kill();
            throw new IllegalStateException(module + " " + args[0] + " did not end within 30 minutes");
        }
        return new Run(exit, Files.readString(log));
    }

    /** Runs a command, in a JVM of its own, with {@code input} on its standard input. */
    Run runWithInput(String input, String module, String main, String... args) throws IOException, InterruptedException {
        Process p = process(module, main, args).start();
        try (var stdin = p.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), output);
    }

    /** Runs a command in the foreground, its output on this terminal, until it ends (or Ctrl-C ends both). */
    void foreground(String module, String main, String... args) throws IOException, InterruptedException {
        Process p = process(module, main, args).inheritIO().start();
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
        p.waitFor();
    }

    /**
     * Starts a service that runs until {@link Background#close} (or the demo's end, which ends it too), its output kept
     * under logs/: the centre's web service of a run of several days.
     */
    Background background(String module, String main, String... args) throws IOException {
        Path log = log(module, args[0].replace("--", ""));
        return new Background(process(module, main, args).redirectOutput(log.toFile()).start(), log);
    }

    /** A service under way in the background. */
    record Background(Process process, Path log) implements AutoCloseable {
        /** What it printed so far: the last line, to say why it is not up. */
        String lastLine() throws IOException {
            List<String> lines = Files.readAllLines(log);
            return lines.isEmpty() ? "(nothing printed)" : lines.get(lines.size() - 1);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** A command under way: its exit code once it ended, and a kill as a crash would do it. */
    private interface Running {
        /** The exit code, or null if the command is still running after {@code millis}. */
        Integer waitFor(long millis) throws InterruptedException;

        void kill() throws InterruptedException;
    }

    private Running launch(String module, String main, Path log, String... args) throws IOException {
        if (hosts == null) {
            ClassDataArchive.Writing archive = archive(module).write();
            Process p = process(module, archive.flags, main, args).redirectOutput(log.toFile()).start();
            archive.ended(p);
            return new Running() {
                @Override
                public Integer waitFor(long millis) throws InterruptedException {
                    return p.waitFor(millis, TimeUnit.MILLISECONDS) ? p.exitValue() : null;
                }

                @Override
                public void kill() throws InterruptedException {
                    p.destroyForcibly().waitFor();
                }
            };
        }
        Host host = hosts.get(module);
        if (host == null || !host.process.isAlive()) {
            host = new Host(process(module, CommandHost.class.getName(), main));
            hosts.put(module, host);
        }
        List<String> properties = database.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
        host.send(CommandHost.request(log.toString(), properties, List.of(args)));
        Host running = host;
        return new Running() {
            @Override
            public Integer waitFor(long millis) throws InterruptedException {
                return running.exits.poll(millis, TimeUnit.MILLISECONDS);
            }

            @Override
            public void kill() throws InterruptedException {
                running.kill();
                hosts.remove(module, running);
            }
        };
    }

    /** A warm JVM of one module that runs its commands one after another. */
    private static final class Host {
        /** What a host that died answers for the command it had. */
        private static final int DIED = 137;
        final Process process;
        final Writer requests;
        final BlockingQueue<Integer> exits = new LinkedBlockingQueue<>();

        Host(ProcessBuilder pb) throws IOException {
            this.process = pb.redirectOutput(ProcessBuilder.Redirect.PIPE).start();
            this.requests = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            Thread answers = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        if (line.startsWith("exit ")) {
                            exits.add(Integer.parseInt(line.substring(5)));
                        }
                    }
                } catch (IOException | NumberFormatException ended) {
                    // the host died: the command it had ends with it
                }
                exits.add(DIED);
            }, "command-host-answers");
            answers.setDaemon(true);
            answers.start();
        }

        void send(String request) throws IOException {
            requests.write(request + "\n");
            requests.flush();
        }

        void kill() {
            try {
                process.destroyForcibly().waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private ProcessBuilder process(String module, String main, String... args) {
        return process(module, archive(module).flags(), main, args);
    }

    private ClassDataArchive archive(String module) {
        return new ClassDataArchive(root, module);
    }

    private ProcessBuilder process(String module, List<String> archive, String main, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        // A day's commands are short and a sweep's hosts run them hundreds of times, on two busy cores: the quick
        // compiler's code is good enough, and the optimising one's compile time is not paid back (measured: a sweep's
        // clear 3.0 -> 2.4 s; settle reconcile of a small day 4.2-5.3 -> 3.1-3.7 s). The class-data archive halves
        // what is left of a JVM's start.
        command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        command.addAll(archive);
        command.addAll(List.of(
                "-cp", root.resolve(module + "/target/" + module + ".jar") + ":" + root.resolve(module + "/target/lib/*"),
                main));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        if (hosts == null) {
            pb.environment().putAll(database);
        }
        return pb;
    }

    private Path log(String module, String what) {
        return logs.resolve(String.format("%02d-%s-%s.log", ++runs, module, what));
    }

    /** {@code out} emptied (only a folder a demo made, or an empty one) and marked as a demo's. */
    static void empty(Path out) throws IOException {
        if (Files.exists(out)) {
            if (!Files.exists(out.resolve(MARKER))) {
                try (var entries = Files.list(out)) {
                    if (entries.findAny().isPresent()) {
                        throw new IllegalArgumentException(out + " exists and is not a demo's output: choose --out DIR");
                    }
                }
            }
            deleteTree(out);
        }
        Files.createDirectories(out);
        Files.writeString(out.resolve(MARKER), "written by ./onecard demo; the next demo run empties this folder\n");
    }

    /** {@code dir} and all it holds, deepest first. */
    static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** The demo's environment for its children, who end when the demo does. */
    private static Map<String, String> childEnvironment(Map<String, String> given) {
        Map<String, String> env = new HashMap<>(given);
        env.put(Cli.PARENT_PID, Long.toString(ProcessHandle.current().pid()));
        env.putIfAbsent(KeystorePassword.ENV, TestKeystoreCommand.TEST_PASSWORD); // the demo's own keystores
        return env;
    }

    private static Path modulesRoot() throws URISyntaxException {
        Path jar = Path.of(Services.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return jar.getParent().getParent().getParent();
    }

    private static String base(String url) {
        return url.replaceFirst("(jdbc:(?:mysql|mariadb)://[^/?]+).*", "$1/");
    }

    private static String user(Map<String, String> given) {
        return given.getOrDefault(OneCardDatabase.USER, "root");
    }

    private static String password(Map<String, String> given) {
        return given.getOrDefault(OneCardDatabase.PASSWORD, "");
    }
}
