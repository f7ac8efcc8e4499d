package cn.yrd.onecard.settlement.recovery;

import cn.yrd.onecard.cli.Cli;
import cn.yrd.onecard.cli.HelpOption;
import cn.yrd.onecard.cli.UsageException;
import cn.yrd.onecard.database.DatabaseConnection;
import cn.yrd.onecard.database.EmbeddedMariaDb;
import cn.yrd.onecard.database.OneCardDatabase;
import cn.yrd.onecard.database.ServerAddress;
import cn.yrd.onecard.database.ServerTools;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ./onecard dr}: the centre's recovery (issue 20, docs/recovery.md). {@code dr backup} writes a backup of both
 * schemas and the file archive; {@code dr restore --from DIR} restores one into a fresh server and proves it.
 */
@Command(name = "dr", description = "Backups of the centre that are proven: dr backup, dr restore (the failover "
        + "drill, dr drill, runs whole days and lives beside the demo).",
        subcommands = {DrCommand.BackupCommand.class, DrCommand.RestoreCommand.class})
public final class DrCommand implements Callable<Integer> {
    /** The schemas a backup holds: each service of the centre. */
    static final List<String> SERVICES = List.of("clearing", "settlement");

    private final Function<String, String> env;
    private final PrintStream out;
    @Mixin
    HelpOption help;

    private DrCommand(Function<String, String> env, PrintStream out) {
        this.env = env;
        this.out = out;
    }

    public static void main(String[] args) {
        // The command's own lines, not the embedded server's log: its failures reach the command as exceptions.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("ch.vorburger"))
                .setLevel(ch.qos.logback.classic.Level.OFF);
        Cli.exit(() -> run(args, System::getenv, System.out));
    }

    /** The command with {@code env} for the environment (ONECARD_DB_*), printing to {@code out}. */
    public static int run(String[] args, Function<String, String> env, PrintStream out) throws Exception {
        return Cli.execute(new DrCommand(env, out), args);
    }

    @Override
    public Integer call() {
        throw new UsageException("dr needs drill, backup or restore (./onecard help)");
    }

    /** {@code dr backup}: both schemas and the file archive into a new folder, with its manifest. */
    @Command(name = "backup", description = "Both schemas (mariadb-dump) and the file archive into --out DIR.")
    static final class BackupCommand implements Callable<Integer> {
        @ParentCommand
        DrCommand dr;
        @Option(names = "--out", paramLabel = "DIR", description = "a new folder for the backup")
        Path out;
        @Option(names = "--inbox", defaultValue = "inbox", paramLabel = "DIR",
                description = "the day files received (default: ${DEFAULT-VALUE})")
        Path inbox;
        @Option(names = "--outbox", defaultValue = "outbox", paramLabel = "DIR",
                description = "the files sent (default: ${DEFAULT-VALUE})")
        Path outbox;
        @Option(names = "--embedded", description = "the development MariaDB under ONECARD_DATA_DIR (default ./data)")
        boolean embedded;

        @Override
        public Integer call() throws Exception {
            if (out == null) {
                throw new UsageException("dr backup: --out DIR (a new folder for the backup) is required");
            }
            Function<String, String> env = k -> embedded && k.equals(OneCardDatabase.EMBEDDED) ? "true"
                    : dr.env.apply(k);
            try {
                OneCardDatabase.requireServerOrEmbedded(env);
            } catch (IllegalStateException e) {
                throw new UsageException("dr backup: " + e.getMessage());
            }
            Map<String, ServerAddress> schemas = new LinkedHashMap<>();
            for (String service : SERVICES) {
                schemas.put(service, ServerAddress.of(OneCardDatabase.resolve(service, env)));
            }
            Map<String, Path> archive = new LinkedHashMap<>();
            archive.put("inbox", inbox);
            archive.put("outbox", outbox);
            long started = System.nanoTime();
            List<Backup.Entry> entries;
            try {
                entries = Backup.write(out, schemas, archive);
            } catch (IllegalArgumentException e) {
                throw new UsageException("dr backup: " + e.getMessage());
            }
            dr.out.printf("backup %s: %s and %d archived files, their SHA-256 in %s (%.1f s)%n", out,
                    String.join(", ", schemas.values().stream().map(ServerAddress::schema).toList()),
                    entries.stream().filter(e -> e.kind().equals("F")).count(), Backup.MANIFEST,
                    (System.nanoTime() - started) / 1e9);
            return Cli.OK;
        }
    }

    /** {@code dr restore}: a backup into a fresh server, and the proof that it is whole. */
    @Command(name = "restore", description = "A backup (--from DIR) into a fresh server, then proven: its archive's "
            + "hashes, the ledger, every settled day's totals against the files sent that night.")
    static final class RestoreCommand implements Callable<Integer> {
        @ParentCommand
        DrCommand dr;
        @Option(names = "--from", paramLabel = "DIR", description = "the backup")
        Path from;
        @Option(names = "--data", paramLabel = "DIR", description = "the fresh server's folder (default: a new one "
                + "beside the backup)")
        Path data;

        @Override
        public Integer call() throws Exception {
            if (from == null) {
                throw new UsageException("dr restore: --from DIR (a backup of dr backup) is required");
            }
            if (!Files.isDirectory(from)) {
                throw new UsageException("dr restore: no folder " + from);
            }
            PrintStream out = dr.out;
            long started = System.nanoTime();
            Restore.Proven proven;
            Path serverDir;
            try {
                List<Backup.Entry> entries = Restore.manifest(from);
                Restore.checkFiles(from, entries);
                serverDir = data != null ? data : Files.createTempDirectory(from.toAbsolutePath().getParent(),
                        from.getFileName() + ".restored-");
                // A server of its own: started by this command, stopped when it ends.
                EmbeddedMariaDb server = EmbeddedMariaDb.shared(serverDir);
                DatabaseConnection settlement = null;
                DatabaseConnection clearing = null;
                for (Backup.Entry e : entries) {
                    if (!e.kind().equals("S")) {
                        continue;
                    }
                    ServerAddress target = new ServerAddress("127.0.0.1", server.port(), e.schema(), server.user(),
                            server.password());
                    ServerTools.load(target, from.resolve(e.path()));
                    DatabaseConnection restored = new DatabaseConnection(server.serverUrl() + e.schema(), server.user(),
                            server.password());
                    if (e.service().equals("settlement")) {
                        settlement = restored;
                    } else if (e.service().equals("clearing")) {
                        clearing = restored;
                    }
                }
                if (settlement == null || clearing == null) {
                    throw new Restore.Refused("an incomplete backup", "it holds no " + (settlement == null
                            ? "settlement" : "clearing") + " schema");
                }
                proven = Restore.prove(from, entries, settlement.url(), settlement.user(), settlement.password())
                        .withDayFiles(Restore.proveClearing(from, entries, clearing.url(), clearing.user(),
                                clearing.password()));
            } catch (Restore.Refused e) {
                out.println("dr restore: backup " + from + " refused, " + e.getMessage());
                return Cli.FAILED;
            }
            out.printf("restored %s into a fresh server (%s): %d schemas; the archive's %d files match their "
                    + "SHA-256; the ledger balances (%,d lines); each of %d settled days' totals (%,d records) = the "
                    + "result files sent that night; the %d day files clearing took in are in the archive (%.1f s)%n",
                    from, serverDir, proven.schemas(), proven.files(), proven.entries(), proven.settledDays(),
                    proven.records(), proven.dayFiles(), (System.nanoTime() - started) / 1e9);
            return Cli.OK;
        }
    }
}
