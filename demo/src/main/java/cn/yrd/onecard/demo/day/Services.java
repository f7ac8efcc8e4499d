package cn.yrd.onecard.demo.day;

import cn.yrd.onecard.database.DatabaseConnection;
import cn.yrd.onecard.database.OneCardDatabase;
import java.io.IOException;
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
import java.util.List;
import java.util.Map;

/**
 * Clearing and settlement as the separate services they are: each command a child JVM on the module's own class
 * path (as {@code ./onecard} runs it), on a database of the demo's own that starts empty (schemas
 * {@code onecard_demo_*} on {@code ONECARD_DB_URL}'s server, or an embedded MariaDB under the output folder).
 */
final class Services {
    private static final String MARKER = ".onecard-demo";

    private final Path root;
    private final Path logs;
    private final Map<String, String> env;
    private int runs;

    private Services(Path root, Path logs, Map<String, String> env) {
        this.root = root;
        this.logs = logs;
        this.env = env;
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

    /** Empties the output folder (only one a demo made) and the demo's database. */
    static Services fresh(Path out, Map<String, String> given) throws IOException, SQLException, URISyntaxException {
        if (Files.exists(out)) {
            if (!Files.exists(out.resolve(MARKER))) {
                try (var entries = Files.list(out)) {
                    if (entries.findAny().isPresent()) {
                        throw new IllegalArgumentException(out + " exists and is not a demo's output: choose --out DIR");
                    }
                }
            }
            try (var files = Files.walk(out)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(out);
        Files.writeString(out.resolve(MARKER), "written by ./onecard demo; the next demo run empties this folder\n");
        Map<String, String> env = new java.util.HashMap<>(given);
        String server = given.get(OneCardDatabase.URL);
        if (server != null && !server.isBlank()) {
            String base = server.replaceFirst("(jdbc:(?:mysql|mariadb)://[^/?]+).*", "$1/");
            String user = given.getOrDefault(OneCardDatabase.USER, "root");
            String password = given.getOrDefault(OneCardDatabase.PASSWORD, "");
            try (Connection c = DriverManager.getConnection(base, user, password); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS onecard_demo_clearing");
                s.execute("DROP DATABASE IF EXISTS onecard_demo_settlement");
            }
            env.put(OneCardDatabase.URL, base + "onecard_demo");
        } else {
            env.put(OneCardDatabase.DATA_DIR, out.resolve("data").toString());
        }
        Path jar = Path.of(Services.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return new Services(jar.getParent().getParent().getParent(), Files.createDirectories(out.resolve("logs")), env);
    }

    /** Starts a command and kills it (SIGKILL) after {@code millis}, as a crash would. */
    void runKilled(long millis, String module, String main, String... args) throws IOException, InterruptedException {
        Process p = start(module, main, args).redirectOutput(logs.resolve(String.format("%02d-%s-killed.log", ++runs,
                module)).toFile()).start();
        if (!p.waitFor(millis, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            p.destroyForcibly().waitFor();
        }
    }

    /**
     * Runs a command and, {@code millis} after its job has started a new execution, kills every connection the
     * service has to its database, as a failover or a network cut would.
     */
    Dropped runDroppingDatabase(long millis, String module, String main, String... args) throws Exception {
        DatabaseConnection db = OneCardDatabase.resolve(module, env::get);
        Path log = logs.resolve(String.format("%02d-%s-database-dropped.log", ++runs, module));
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
                Statement s = c.createStatement()) {
            long before = lastExecution(s);
            Process p = start(module, main, args).redirectOutput(log.toFile()).start();
            int killed = -1;
            while (p.isAlive() && killed < 0) {
                if (lastExecution(s) > before) {
                    Thread.sleep(millis);
                    try (ResultSet r = s.executeQuery("SELECT ID FROM information_schema.PROCESSLIST WHERE DB = "
                            + "DATABASE() AND ID <> CONNECTION_ID()")) {
                        List<Long> ids = new ArrayList<>();
                        while (r.next()) {
                            ids.add(r.getLong(1));
                        }
                        for (long id : ids) {
                            s.execute("KILL CONNECTION " + id);
                        }
                        killed = ids.size();
                    }
                } else {
                    Thread.sleep(20);
                }
            }
            if (!p.waitFor(5, java.util.concurrent.TimeUnit.MINUTES)) {
                p.destroyForcibly().waitFor();
                throw new IllegalStateException(module + " did not end within 5 minutes of losing its database");
            }
            return new Dropped(new Run(p.exitValue(), Files.readString(log)), Math.max(0, killed));
        }
    }

    /** A run that lost its database: how it ended, and how many of its connections were cut. */
    record Dropped(Run run, int connections) {
    }

    /** The newest job execution of the service's schema, 0 before its first (or before its tables exist). */
    private static long lastExecution(Statement s) {
        try (ResultSet r = s.executeQuery("SELECT COALESCE(MAX(JOB_EXECUTION_ID), 0) FROM BATCH_JOB_EXECUTION")) {
            r.next();
            return r.getLong(1);
        } catch (SQLException noTablesYet) {
            return 0;
        }
    }

    /** Runs {@code main} of {@code module} with {@code args}; its output is also kept under logs/. */
    Run run(String module, String main, String... args) throws IOException, InterruptedException {
        Process p = start(module, main, args).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        Files.writeString(logs.resolve(String.format("%02d-%s-%s.log", ++runs, module, args[0].replace("--", ""))),
                output);
        return new Run(exit, output);
    }

    /** Runs a command with {@code input} on its standard input. */
    Run runWithInput(String input, String module, String main, String... args) throws IOException, InterruptedException {
        Process p = start(module, main, args).start();
        try (var stdin = p.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), output);
    }

    /** Runs a command in the foreground, its output on this terminal, until it ends (or Ctrl-C ends both). */
    void foreground(String module, String main, String... args) throws IOException, InterruptedException {
        Process p = start(module, main, args).inheritIO().start();
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
        p.waitFor();
    }

    private ProcessBuilder start(String module, String main, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", root.resolve(module + "/target/" + module + ".jar") + ":" + root.resolve(module + "/target/lib/*"),
                main));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        return pb;
    }
}
