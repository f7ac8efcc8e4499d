package cn.yrd.onecard.settlement.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yrd.onecard.cli.Cli;
import cn.yrd.onecard.database.ServiceTest;
import cn.yrd.onecard.settlement.SettlementTables;
import cn.yrd.onecard.settlement.day.DaySettlement;
import cn.yrd.onecard.settlement.intake.ClearingDayReader;
import cn.yrd.onecard.settlement.intake.ClearingOutbox;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import cn.yrd.onecard.database.DatabaseConnection;
import cn.yrd.onecard.database.TestDatabase;
import cn.yrd.onecard.dayfile.ControlledFrame;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20, item 3: a backup of the centre (both schemas by mariadb-dump, the file archive, a manifest of hashes)
 * restored into a fresh server and proven; a backup cut short, one whose archived file changed, one whose ledger or
 * settled totals were changed in the dump (its hash made to match) are refused, each naming the failed check.
 */
@ServiceTest(schema = "dr_settlement")
class DrCommandTest {
    @TempDir
    Path dir;

    @Test
    void aBackupIsRestoredIntoAFreshServerAndProvenAndADamagedOneIsRefusedNamingTheCheck(
            @Autowired DaySettlement settlement, @Autowired JdbcTemplate jdbc) throws Exception {
        // The centre's day: the sample day settled, its files sent; clearing's schema beside settlement's.
        SettlementTables.empty(jdbc);
        Path out = dir.resolve("out");
        ClearingOutbox.sampleDayWithMerchants(out.resolve("outbox"));
        settlement.settle(ClearingDayReader.read(out.resolve("outbox"), ClearingOutbox.DAY));
        Files.createDirectories(out.resolve("inbox"));
        Files.writeString(out.resolve("inbox/SZMETRO-20261123-1.txt"), "H|TRANSIT|1|SZMETRO|3205|20261123|1\nT|0|0|"
                + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n");
        try (var c = java.sql.DriverManager.getConnection(TestDatabase.forService("dr_clearing").url(),
                TestDatabase.server().user(), TestDatabase.server().password()); var s = c.createStatement()) {
            s.execute("CREATE TABLE day_file (id BIGINT PRIMARY KEY, file_name VARCHAR(255) NOT NULL, "
                    + "sha256 CHAR(64) NOT NULL)");
            s.execute("INSERT INTO day_file VALUES (1, 'SZMETRO-20261123-1.txt', "
                    + "'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')");
        }
        DatabaseConnection server = TestDatabase.server();
        Map<String, String> centre = new HashMap<>();
        centre.put("ONECARD_DB_URL", server.url() + "onecard_test_dr");
        centre.put("ONECARD_DB_USER", server.user());
        centre.put("ONECARD_DB_PASSWORD", server.password());
        Path backup = dir.resolve("backup");
        String backedUp = dr(centre, "backup", "--out", backup.toString(), "--inbox", out.resolve("inbox").toString(),
                "--outbox", out.resolve("outbox").toString());
        assertThat(backedUp).startsWith("backup " + backup + ": onecard_test_dr_clearing, onecard_test_dr_settlement and ");
        assertThat(dr(centre, "backup", "--out", backup.toString()))
                .isEqualTo("onecard: dr backup: " + backup + " is not empty: a backup goes into a new folder");

        String restored = dr(centre, "restore", "--from", backup.toString(), "--data", dir.resolve("fresh").toString());
        assertThat(restored).contains("2 schemas; the archive's").contains("files match their SHA-256; the ledger "
                + "balances").contains("each of 1 settled days' totals").contains("the 1 day files clearing took in "
                        + "are in the archive");

        Path damaged = copy(backup, "changed-file");
        Path result;
        try (Stream<Path> results = Files.walk(damaged.resolve("files/outbox"))) {
            result = results.filter(p -> p.getFileName().toString().equals("3100-result.txt")).findFirst()
                    .orElseThrow();
        }
        Files.writeString(result, Files.readString(result).replaceFirst("\\|([0-9])", "|9$1"));
        assertThat(dr(centre, "restore", "--from", damaged.toString())).startsWith("dr restore: backup " + damaged
                + " refused, the file archive's hashes: files/outbox/").endsWith("/3100-result.txt is not what was "
                        + "backed up (its SHA-256 or size differs from the manifest's)");

        Path cut = copy(backup, "cut-short");
        Files.delete(cut.resolve("MANIFEST"));
        assertThat(dr(centre, "restore", "--from", cut.toString())).isEqualTo("dr restore: backup " + cut
                + " refused, an incomplete backup: no MANIFEST in " + cut + " (a backup cut short writes none)");

        // A fen more on a pair total, in a dump whose hash was made to match: the restored day is not what was sent.
        Path totals = copy(backup, "changed-totals");
        rewriteDump(totals, Pattern.compile("(INSERT INTO `pair_total` VALUES\\s*\\('[0-9-]+','[A-Z]+','[0-9]+','[0-9]+',"
                + "[0-9]+,[0-9]+,[0-9]+,)([0-9]+)"));
        assertThat(dr(centre, "restore", "--from", totals.toString())).startsWith("dr restore: backup " + totals
                + " refused, the totals of every settled day: ").contains(": the restored pair totals [");

        // A fen more on a ledger line: the restored ledger does not balance.
        Path ledger = copy(backup, "changed-ledger");
        rewriteDump(ledger, Pattern.compile("(INSERT INTO `journal_line` VALUES\\s*\\([0-9]+,[0-9]+,'[^']+',)([0-9]+)"));
        assertThat(dr(centre, "restore", "--from", ledger.toString())).startsWith("dr restore: backup " + ledger
                + " refused, the ledger balances: entries [");

        // Clearing's schema says it took in a file the archive does not hold as it was taken in.
        Path intake = copy(backup, "changed-intake");
        rewriteDump(intake, "onecard_test_dr_clearing", Pattern.compile("(INSERT INTO `day_file` VALUES\\s*\\(1,"
                + "'SZMETRO-20261123-1.txt',')([0-9a-f]{64})"), "0".repeat(64));
        assertThat(dr(centre, "restore", "--from", intake.toString())).isEqualTo("dr restore: backup " + intake
                + " refused, the day files received: SZMETRO-20261123-1.txt was taken in by clearing (trailer hash "
                + "0".repeat(64) + "), and the archive holds no such file");
    }

    private static String dr(Map<String, String> env, String... args) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        PrintStream err = System.err;
        System.setErr(out);
        try {
            Cli.run(() -> DrCommand.run(args, env::get, out));
        } finally {
            System.setErr(err);
        }
        return bytes.toString(StandardCharsets.UTF_8).strip();
    }

    private Path copy(Path backup, String name) throws Exception {
        Path to = dir.resolve(name);
        try (Stream<Path> walk = Files.walk(backup)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(backup.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }

    /** The settlement dump with one number after {@code where} raised by one, and the manifest rewritten to match. */
    private static void rewriteDump(Path backup, Pattern where) throws Exception {
        rewriteDump(backup, "onecard_test_dr_settlement", where, "1");
    }

    /** The dump of {@code schema} with what follows {@code where} replaced, and the manifest rewritten to match. */
    private static void rewriteDump(Path backup, String schema, Pattern where, String replacement) throws Exception {
        Path dump = backup.resolve("db/" + schema + ".sql");
        String sql = Files.readString(dump, StandardCharsets.UTF_8);
        Matcher m = where.matcher(sql);
        assertThat(m.find()).as("the dump holds " + where).isTrue();
        String changed = replacement.equals("1") ? Long.toString(Long.parseLong(m.group(2)) + 1) : replacement;
        Files.writeString(dump, sql.substring(0, m.start(2)) + changed + sql.substring(m.end(2)), StandardCharsets.UTF_8);
        List<String> lines = Files.readAllLines(backup.resolve("MANIFEST"));
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(dump)));
        List<String> body = new ArrayList<>();
        for (String line : lines.subList(1, lines.size() - 1)) {
            String[] f = line.split("\\|");
            body.add(f[0].equals("S") && f[2].equals(schema)
                    ? String.join("|", f[0], f[1], f[2], f[3], Long.toString(Files.size(dump)), hash) : line);
        }
        ControlledFrame.Writer w = new ControlledFrame.Writer(backup.resolve("MANIFEST.new"),
                ControlledFrame.Trailer.COUNT_SHA256, lines.get(0));
        for (String line : body) {
            w.line(line, 0);
        }
        w.close();
        Files.move(backup.resolve("MANIFEST.new"), backup.resolve("MANIFEST"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
