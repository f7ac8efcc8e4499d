package cn.yrd.onecard.clearing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yrd.onecard.card.CardSerial;
import cn.yrd.onecard.card.CardType;
import cn.yrd.onecard.card.Industry;
import cn.yrd.onecard.card.TransactionType;
import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.crypto.CardAlgorithm;
import cn.yrd.onecard.crypto.CardCrypto;
import cn.yrd.onecard.crypto.CardKeyDiversifier;
import cn.yrd.onecard.crypto.CityKeyStore;
import cn.yrd.onecard.crypto.KeyPurpose;
import cn.yrd.onecard.crypto.Purchase;
import cn.yrd.onecard.database.DatabaseConnection;
import cn.yrd.onecard.database.TestDatabase;
import cn.yrd.onecard.dayfile.DayFileHeader;
import cn.yrd.onecard.dayfile.DayFileKind;
import cn.yrd.onecard.dayfile.DayFileWriter;
import cn.yrd.onecard.dayfile.RecordFormats;
import cn.yrd.onecard.record.TransitRecord;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.commons.codec.binary.Hex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The clearing JVM killed with SIGKILL at random moments, then the same command run again: the night ends
 * with exactly the records and totals of a night that was never interrupted.
 */
class KillAndRerunTest {
    static final LocalDate DAY = LocalDate.of(2026, 11, 23);

    @TempDir
    Path dir;

    @Test
    void killedRunsRerunToTheSameNightAsAnUninterruptedOne() throws Exception {
        Path keys = dir.resolve("keys.p12");
        CityKeyStore store = CityKeyStore.generate(keys, "onecard-test".toCharArray(), EnumSet.of(KeyPurpose.TAC),
                new SecureRandom());
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        writeInbox(inbox, store, 12, 4_000);

        DatabaseConnection baseline = TestDatabase.forService("killbase_clearing");
        ByteArrayOutputStream ignored = new ByteArrayOutputStream();
        new ClearingCommand(new PrintStream(ignored, true, StandardCharsets.UTF_8), Map.of("spring.datasource.url",
                baseline.url(), "spring.datasource.username", baseline.user(), "spring.datasource.password",
                baseline.password())).run(args(inbox, keys, dir.resolve("outbox-baseline")));

        DatabaseConnection killed = TestDatabase.forService("kill_clearing");
        Random random = new Random(7);
        List<String> log = new ArrayList<>();
        // A run takes ~3 s to start and a few more to clear; kill at random moments until one gets through.
        for (int attempt = 0; attempt < 6; attempt++) {
            Process p = child(inbox, keys);
            long after = 2_500 + random.nextInt(4_500);
            boolean finished = p.waitFor(after, TimeUnit.MILLISECONDS);
            if (finished) {
                log.add("run " + attempt + " finished with " + p.exitValue());
                break;
            }
            p.destroyForcibly().waitFor();
            log.add("run " + attempt + " killed after " + after + " ms");
        }
        Process last = child(inbox, keys);
        assertThat(last.waitFor(120, TimeUnit.SECONDS)).as("the rerun finishes").isTrue();
        String out = new String(last.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(last.exitValue()).as("rerun after %s: %s", log, out).isEqualTo(ClearingCommand.SUSPENSE);

        assertThat(log).as("the test killed a run mid-way").anyMatch(l -> l.contains("killed"));
        assertThat(executions(killed)).as("the night took more than one execution: %s", log).isGreaterThan(1);
        assertThat(night(killed)).as("after %s", log).isEqualTo(night(baseline));
        for (var city : Cities.all()) {
            for (String kind : List.of("-result.txt", "-detail.txt")) {
                String name = DAY + "/" + city.code() + kind;
                assertThat(Files.readAllBytes(dir.resolve("outbox-killed").resolve(name))).as(name)
                        .isEqualTo(Files.readAllBytes(dir.resolve("outbox-baseline").resolve(name)));
            }
        }
        System.out.println("kill-and-rerun: " + log + "; " + executions(killed) + " executions");
    }

    private static String[] args(Path inbox, Path keys, Path outbox) {
        return new String[] {"--date", DAY.toString(), "--inbox", inbox.toString(), "--keystore", keys.toString(),
            "--outbox", outbox.toString()};
    }

    /** The clearing command in a JVM of its own, on the schema onecard_test_kill_clearing. */
    private Process child(Path inbox, Path keys) throws Exception {
        DatabaseConnection server = TestDatabase.server();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ClearingCommand.class.getName()));
        cmd.addAll(List.of(args(inbox, keys, dir.resolve("outbox-killed"))));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("ONECARD_DB_URL", server.url() + "onecard_test_kill");
        env.put("ONECARD_DB_USER", server.user());
        env.put("ONECARD_DB_PASSWORD", server.password());
        return pb.start();
    }

    private static int executions(DatabaseConnection db) throws Exception {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
                ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM BATCH_JOB_EXECUTION")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Every record's outcome and every total of the night, as comparable text. */
    private static Map<String, Object> night(DatabaseConnection db) throws Exception {
        Map<String, Object> night = new HashMap<>();
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password())) {
            night.put("records", rows(c, "SELECT f.file_name, r.line_no, r.status, r.reason, r.amount, r.fee "
                    + "FROM clearing_record r JOIN day_file f ON f.id = r.file_id ORDER BY f.file_name, r.line_no"));
            night.put("totals", rows(c, "SELECT * FROM clearing_total ORDER BY business_line, payer_city, payee_city"));
        }
        return night;
    }

    private static List<String> rows(Connection c, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    b.append(rs.getString(i)).append('|');
                }
                out.add(b.toString());
            }
        }
        return out;
    }

    /** {@code files} acquirers' files of {@code perFile} rides of cards of all cities, a few with forged TACs. */
    private static void writeInbox(Path inbox, CityKeyStore keys, int files, int perFile) throws Exception {
        Random random = new Random(11);
        List<City> cities = Cities.all();
        Map<City, CardKeyDiversifier> tac = new HashMap<>();
        CardCrypto crypto = new CardCrypto(CardAlgorithm.TRIPLE_DES);
        for (int f = 0; f < files; f++) {
            City acquirer = cities.get(f % cities.size());
            List<TransitRecord> records = new ArrayList<>();
            for (int i = 0; i < perFile; i++) {
                City issuer = cities.get(random.nextInt(cities.size()));
                CardSerial card = CardSerial.of(String.format("%s%012d", issuer.code(), f * perFile + i));
                LocalDateTime time = LocalDateTime.of(2026, 11, 23, 6, 0).plusSeconds(i * 3L);
                long amount = 100 + random.nextInt(500);
                Purchase p = new Purchase(amount, 0x09, "0000AB12CD34", (long) f * perFile + i, time);
                byte[] t = crypto.purchaseTac(tac.computeIfAbsent(issuer, c -> new CardKeyDiversifier(
                        CardAlgorithm.TRIPLE_DES, keys.key(KeyPurpose.TAC, c))).cardKey(card), p);
                String tacHex = i % 997 == 0 ? "00000000" : Hex.encodeHexString(t, false);
                records.add(new TransitRecord(TransactionType.COMPOUND_PURCHASE, card, issuer, CardType.NORMAL,
                        LocalDate.of(2030, 1, 1), 0, amount, 10_000, time, "0000AB12CD34", (long) f * perFile + i,
                        CardAlgorithm.TRIPLE_DES, 1, tacHex, acquirer, "0000000000003205", "0000000000000001",
                        Industry.RAIL, 1, 5, 1, "METRO_ZONE"));
            }
            DayFileWriter.write(inbox.resolve(String.format("ACQ%02d-1.txt", f)), RecordFormats.TRANSIT,
                    new DayFileHeader(DayFileKind.TRANSIT, String.format("ACQ%02d", f), acquirer, DAY, 1), records);
        }
    }
}
