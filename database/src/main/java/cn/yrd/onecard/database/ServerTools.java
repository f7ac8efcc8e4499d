package cn.yrd.onecard.database;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The database server's own tools, run as child processes: {@code mariadb-dump} writes a schema to a file,
 * {@code mariadb} reads one back. Each is waited for (no process outlives the command), its password passed in its
 * environment, and a failure is one line with the tool's own last words.
 */
public final class ServerTools {
    private static final long TIMEOUT_MINUTES = 60;

    private ServerTools() {
    }

    /** The schema of {@code server} (tables, rows, triggers) into {@code target}, read in one consistent snapshot. */
    public static void dump(ServerAddress server, Path target) throws IOException {
        List<String> command = new ArrayList<>(List.of(tool("mariadb-dump", "mysqldump")));
        command.addAll(server.clientArguments());
        command.addAll(List.of("--single-transaction", "--routines", "--triggers", "--skip-dump-date",
                "--no-tablespaces", "--hex-blob", "--databases", server.schema()));
        run(command, server, null, target, "mariadb-dump of " + server.schema());
    }

    /**
     * {@code schemas} of {@code server} into {@code target} for a new replica: one consistent snapshot, with the GTID
     * position it was taken at (a comment {@code SET GLOBAL gtid_slave_pos='…'}) for the replica to follow from.
     */
    public static void dumpForReplica(ServerAddress server, List<String> schemas, Path target) throws IOException {
        List<String> command = new ArrayList<>(List.of(tool("mariadb-dump", "mysqldump")));
        command.addAll(server.clientArguments());
        command.addAll(List.of("--single-transaction", "--master-data=2", "--gtid", "--routines", "--triggers",
                "--hex-blob", "--databases"));
        command.addAll(schemas);
        run(command, server, null, target, "mariadb-dump of " + String.join(", ", schemas));
    }

    /** {@code dump} read into {@code server} (the dump names its schema). */
    public static void load(ServerAddress server, Path dump) throws IOException {
        List<String> command = new ArrayList<>(List.of(tool("mariadb", "mysql")));
        command.addAll(server.clientArguments());
        command.add("--batch");
        run(command, server, dump, null, "loading " + dump.getFileName());
    }

    private static String tool(String name, String older) {
        for (String candidate : List.of(name, older)) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
                if (Files.isExecutable(Path.of(dir, candidate))) {
                    return Path.of(dir, candidate).toString();
                }
            }
        }
        throw new IllegalStateException("the database client '" + name + "' is not installed (Debian: apt-get install "
                + "mariadb-client)");
    }

    private static void run(List<String> command, ServerAddress server, Path in, Path out, String what)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("MYSQL_PWD", server.password());
        Path errors = Files.createTempFile("dr-tool-", ".err");
        pb.redirectError(errors.toFile());
        pb.redirectInput(in == null ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.from(in.toFile()));
        pb.redirectOutput(out == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(out.toFile()));
        Process p = pb.start();
        if (in == null) {
            p.getOutputStream().close();
        }
        try {
            if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException(what + " took more than " + TIMEOUT_MINUTES + " minutes: stopped");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(what + " interrupted", e);
        }
        String said = Files.readString(errors, StandardCharsets.UTF_8).strip();
        Files.deleteIfExists(errors);
        if (p.exitValue() != 0) {
            String last = said.isEmpty() ? "exit " + p.exitValue() : said.lines().reduce((a, b) -> b).orElse("");
            throw new IOException(what + " failed: " + last);
        }
    }
}
