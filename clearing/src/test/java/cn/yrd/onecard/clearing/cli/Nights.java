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
import cn.yrd.onecard.cli.Cli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.commons.codec.binary.Hex;

/** An inbox of many acquirers' files, and a night's outcome as comparable text: for the crash tests. */
final class Nights {
    static final LocalDate DAY = LocalDate.of(2026, 11, 23);

    private Nights() {
    }

    /** A keystore of the cities' TAC keys and an inbox written with it, under {@code dir}. */
    record Inbox(Path dir, Path keys) {
    }

    static Inbox prepare(Path dir) throws Exception {
        return prepare(dir, 12, 4_000);
    }

    /** A TAC keystore and an inbox of {@code files} acquirers' files of {@code perFile} rides each. */
    static Inbox prepare(Path dir, int files, int perFile) throws Exception {
        Path keys = dir.resolve("keys.p12");
        CityKeyStore store = CityKeyStore.generate(keys, "onecard-test".toCharArray(), EnumSet.of(KeyPurpose.TAC),
                new SecureRandom());
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        writeInbox(inbox, store, files, perFile);
        return new Inbox(inbox, keys);
    }

    record Outcome(int exit, String out) {
    }

    /** The night cleared once, uninterrupted, into {@code service}'s fresh schema: what a crashed night must equal. */
    static DatabaseConnection uninterrupted(Inbox inbox, String service, Path outbox) {
        DatabaseConnection db = TestDatabase.forService(service);
        assertThat(clear(db, inbox, outbox).exit()).as("the uninterrupted night").isEqualTo(ClearingCommand.SUSPENSE);
        return db;
    }

    /** The clear command in this JVM, as the command line runs it: its exit code and what it printed. */
    static Outcome clear(DatabaseConnection db, Inbox inbox, Path outbox) {
        return clear(db, DAY, inbox, outbox);
    }

    /** The night of {@code day}, with {@code more} options. */
    static Outcome clear(DatabaseConnection db, LocalDate day, Inbox inbox, Path outbox, String... more) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ClearingCommand command = new ClearingCommand(new PrintStream(out, true, StandardCharsets.UTF_8), Map.of(
                "spring.datasource.url", db.url(), "spring.datasource.username", db.user(),
                "spring.datasource.password", db.password()));
        List<String> args = new ArrayList<>(List.of(args(day, inbox.dir(), inbox.keys(), outbox)));
        args.addAll(List.of(more));
        int exit = Cli.run(() -> command.run(args.toArray(String[]::new)));
        return new Outcome(exit, out.toString(StandardCharsets.UTF_8));
    }

    static String[] args(Path inbox, Path keys, Path outbox) {
        return args(DAY, inbox, keys, outbox);
    }

    static String[] args(LocalDate day, Path inbox, Path keys, Path outbox) {
        return new String[] {"--date", day.toString(), "--inbox", inbox.toString(), "--keystore", keys.toString(),
            "--outbox", outbox.toString()};
    }

    /**
     * A TAC keystore and an inbox of 12 acquirers' files whose cards' histories span the files: one ride in 40 is of
     * one of a few cards a city whose rides go to every acquirer, with counter gaps, broken balance chains and copies
     * among them (G01, B02, D01), so that the night's card-history checks find something in records loaded apart.
     */
    static Inbox prepareWithHistories(Path dir) throws Exception {
        Path keys = dir.resolve("keys.p12");
        CityKeyStore store = CityKeyStore.generate(keys, "onecard-test".toCharArray(), EnumSet.of(KeyPurpose.TAC),
                new SecureRandom());
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        writeInbox(inbox, store, 12, 4_000, true);
        return new Inbox(inbox, keys);
    }

    static void writeInbox(Path inbox, CityKeyStore keys, int files, int perFile) throws Exception {
        writeInbox(inbox, keys, files, perFile, false);
    }

    /**
     * {@code files} acquirers' files of {@code perFile} rides of cards of all cities, a few with forged TACs; with
     * {@code histories}, cards that ride in many files too (see {@link #prepareWithHistories}).
     */
    static void writeInbox(Path inbox, CityKeyStore keys, int files, int perFile, boolean histories)
            throws Exception {
        Map<String, long[]> shared = new HashMap<>(); // a shared card's next counter and balance
        Map<String, TransitRecord> lastOf = new HashMap<>();
        Random random = new Random(11);
        List<City> cities = Cities.all();
        Map<City, CardKeyDiversifier> tac = new HashMap<>();
        CardCrypto crypto = new CardCrypto(CardAlgorithm.TRIPLE_DES);
        for (int f = 0; f < files; f++) {
            City acquirer = cities.get(f % cities.size());
            List<TransitRecord> records = new ArrayList<>();
            for (int i = 0; i < perFile; i++) {
                City issuer = cities.get(random.nextInt(cities.size()));
                boolean ofShared = histories && i % 40 == 7;
                CardSerial card = CardSerial.of(ofShared ? String.format("%s99999999%04d", issuer.code(), i % 3)
                        : String.format("%s%012d", issuer.code(), f * perFile + i));
                LocalDateTime time = LocalDateTime.of(2026, 11, 23, 6, 0).plusSeconds(i * 3L);
                long amount = 100 + random.nextInt(500);
                int atc = 0;
                long before = 10_000;
                if (ofShared) {
                    long[] next = shared.computeIfAbsent(card.digits(), c -> new long[] {0, 1_000_000});
                    TransitRecord last = lastOf.get(card.digits());
                    if (last != null && next[0] % 11 == 10) {
                        records.add(last); // the same ride sent again by another acquirer: a copy (D01)
                    }
                    if (next[0] % 5 == 4) {
                        next[0]++; // a counter skipped (G01)
                    }
                    atc = (int) next[0]++;
                    before = next[1] + (next[0] % 7 == 6 ? 50 : 0); // a balance that does not follow (B02)
                    next[1] = before - amount;
                }
                Purchase p = new Purchase(amount, 0x09, "0000AB12CD34", (long) f * perFile + i, time);
                byte[] t = crypto.purchaseTac(tac.computeIfAbsent(issuer, c -> new CardKeyDiversifier(
                        CardAlgorithm.TRIPLE_DES, keys.key(KeyPurpose.TAC, c))).cardKey(card), p);
                String tacHex = i % 997 == 0 ? "00000000" : Hex.encodeHexString(t, false);
                TransitRecord r = new TransitRecord(TransactionType.COMPOUND_PURCHASE, card, issuer,
                        CardType.NORMAL, LocalDate.of(2030, 1, 1), atc, amount, before, time, "0000AB12CD34",
                        (long) f * perFile + i, CardAlgorithm.TRIPLE_DES, 1, tacHex, acquirer, "0000000000003205",
                        "0000000000000001", Industry.RAIL, 1, 5, 1, "METRO_ZONE");
                records.add(r);
                if (ofShared) {
                    lastOf.put(card.digits(), r);
                }
            }
            DayFileWriter.write(inbox.resolve(String.format("ACQ%02d-1.txt", f)), RecordFormats.TRANSIT,
                    new DayFileHeader(DayFileKind.TRANSIT, String.format("ACQ%02d", f), acquirer, DAY, 1), records);
        }
    }

    /** Every record's outcome and every total of the night, as comparable text. */
    static Map<String, Object> night(DatabaseConnection db) throws Exception {
        Map<String, Object> night = new HashMap<>();
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password())) {
            night.put("records", rows(c, "SELECT f.file_name, r.line_no, r.status, r.reason, r.amount, r.fee "
                    + "FROM clearing_record r JOIN day_file f ON f.id = r.file_id ORDER BY f.file_name, r.line_no"));
            night.put("totals", rows(c, "SELECT * FROM clearing_total ORDER BY business_line, payer_city, payee_city"));
            // Where each card's records are, for later nights: how many a card a night (positions name files by ID).
            night.put("card nights", rows(c, "SELECT issuer_city, card, night, LENGTH(records) - LENGTH(REPLACE("
                    + "records, ',', '')) + 1 FROM card_night ORDER BY issuer_city, card, night"));
            night.put("nights complete", rows(c, "SELECT night FROM card_night_written ORDER BY night"));
        }
        return night;
    }

    static int executions(DatabaseConnection db) throws SQLException {
        return count(db, "SELECT COUNT(*) FROM BATCH_JOB_EXECUTION");
    }

    /** A {@code SELECT COUNT(*)} over Spring Batch's tables: 0 before the first run has created them. */
    static int count(DatabaseConnection db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLSyntaxErrorException noTablesYet) {
            return 0;
        }
    }

    /** The outgoing files of two outboxes are the same bytes. */
    static boolean sameFiles(Path a, Path b) throws Exception {
        for (City city : Cities.all()) {
            for (String kind : List.of("-result.txt", "-detail.txt")) {
                String name = DAY + "/" + city.code() + kind;
                if (!java.util.Arrays.equals(Files.readAllBytes(a.resolve(name)), Files.readAllBytes(b.resolve(name)))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Each row of {@code sql}: its columns, each followed by {@code |}. */
    static List<String> rows(DatabaseConnection db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password())) {
            return rows(c, sql);
        }
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
}
