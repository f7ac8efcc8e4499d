package cn.yrd.onecard.clearing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yrd.onecard.card.CardSerial;
import cn.yrd.onecard.card.CardType;
import cn.yrd.onecard.card.Industry;
import cn.yrd.onecard.card.TransactionType;
import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.cli.Cli;
import cn.yrd.onecard.crypto.CardAlgorithm;
import cn.yrd.onecard.crypto.CardCrypto;
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
import cn.yrd.onecard.registry.TerminalRegistry;
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
import java.util.List;
import java.util.Map;
import org.apache.commons.codec.binary.Hex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records from terminals the centre never registered, or from a registered terminal that names another city or
 * operator, are suspended (U01, U02) even with a TAC that verifies; a register that does not read stops the night
 * before anything is loaded.
 */
class TerminalRegistryCheckTest {
    static final LocalDate DAY = LocalDate.of(2026, 11, 23);
    static final String SUZHOU_BUS = "0000000000003205";

    @TempDir
    Path dir;

    @Test
    void recordsFromUnregisteredOrMisplacedTerminalsAreSuspendedWithTheirReason() throws Exception {
        Path keys = dir.resolve("keys.p12");
        CityKeyStore store = CityKeyStore.generate(keys, "onecard-test".toCharArray(), EnumSet.of(KeyPurpose.TAC),
                new SecureRandom());
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        CardSerial card = CardSerial.of("3100000000000001");
        List<TransitRecord> rides = new ArrayList<>();
        rides.add(ride(store, card, 0, 1000, "0000AB12CD34", "3205", SUZHOU_BUS)); // registered: accepted
        rides.add(ride(store, card, 1, 800, "0000AB12CD99", "3205", SUZHOU_BUS)); // never registered
        rides.add(ride(store, card, 2, 600, "0000AB12CD34", "3205", "0000000000009999")); // another operator
        DayFileWriter.write(inbox.resolve("SZBUS-1.txt"), RecordFormats.TRANSIT,
                new DayFileHeader(DayFileKind.TRANSIT, "SZBUS", Cities.byCode("3205"), DAY, 1), rides);
        rides = List.of(ride(store, card, 3, 400, "0000AB12CD34", "3301", SUZHOU_BUS)); // a Suzhou PSAM in Hangzhou
        DayFileWriter.write(inbox.resolve("HZBUS-1.txt"), RecordFormats.TRANSIT,
                new DayFileHeader(DayFileKind.TRANSIT, "HZBUS", Cities.byCode("3301"), DAY, 1), rides);
        Path registry = Files.writeString(dir.resolve("terminals.txt"), TerminalRegistry.text(List.of(
                new TerminalRegistry.Terminal("0000AB12CD34", Cities.byCode("3205"), SUZHOU_BUS))));
        DatabaseConnection db = TestDatabase.forService("clearing_terminals");

        Path broken = Files.writeString(dir.resolve("broken.txt"), Files.readString(registry).replace("T|1|", "T|3|"));
        Run refused = clear(db, inbox, keys, broken);
        assertThat(refused.exit()).isEqualTo(Cli.FAILED);
        assertThat(refused.out()).isEqualTo("clearing of 2026-11-23 not started: terminal registry " + broken
                + ": broken.txt: line 3, field count: trailer says 3 lines, the file has 1\n");
        assertThat(suspense(db)).as("nothing loaded").isEmpty();

        Run night = clear(db, inbox, keys, registry);
        assertThat(night.exit()).isEqualTo(ClearingCommand.SUSPENSE);
        assertThat(night.out()).doesNotContain("terminals not checked");
        assertThat(suspense(db)).containsExactly(
                "HZBUS-1.txt:2 U02 terminal 0000AB12CD34 is registered to 3205/" + SUZHOU_BUS + ", the record names 3301/"
                        + SUZHOU_BUS,
                "SZBUS-1.txt:3 U01 terminal 0000AB12CD99 is not registered",
                "SZBUS-1.txt:4 U02 terminal 0000AB12CD34 is registered to 3205/" + SUZHOU_BUS
                        + ", the record names 3205/0000000000009999");
    }

    record Run(int exit, String out) {
    }

    private static Run clear(DatabaseConnection db, Path inbox, Path keys, Path terminals) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ClearingCommand clear = new ClearingCommand(new PrintStream(bytes, true, StandardCharsets.UTF_8), Map.of(
                "spring.datasource.url", db.url(), "spring.datasource.username", db.user(),
                "spring.datasource.password", db.password()));
        int exit = Cli.run(() -> clear.run(new String[] {"--date", DAY.toString(), "--inbox", inbox.toString(),
            "--keystore", keys.toString(), "--terminals", terminals.toString(), "--outbox",
            inbox.resolveSibling("outbox").toString()}));
        return new Run(exit, bytes.toString(StandardCharsets.UTF_8));
    }

    /** A ride with the TAC its card computes over this terminal's transaction: only the registry tells it apart. */
    static TransitRecord ride(CityKeyStore keys, CardSerial card, int atc, long balance, String terminal,
            String acquirer, String operator) throws Exception {
        return ride(keys, card, atc, balance, terminal, acquirer, operator, LocalDateTime.of(2026, 11, 23, 8, atc));
    }

    /** A ride of 2.00 yuan at {@code time} as the validator's clock gave it. */
    static TransitRecord ride(CityKeyStore keys, CardSerial card, int atc, long balance, String terminal,
            String acquirer, String operator, LocalDateTime time) throws Exception {
        Purchase p = new Purchase(200, 0x06, terminal, 10 + atc, time);
        CardCrypto crypto = new CardCrypto(CardAlgorithm.TRIPLE_DES);
        byte[] tac = crypto.purchaseTac(crypto.diversify(keys.key(KeyPurpose.TAC, Cities.byCode("3100")), card), p);
        return new TransitRecord(TransactionType.PURCHASE, card, Cities.byCode("3100"), CardType.NORMAL,
                LocalDate.of(2030, 1, 1), atc, 200, balance, time, terminal, 10 + atc, CardAlgorithm.TRIPLE_DES, 1,
                Hex.encodeHexString(tac, false), Cities.byCode(acquirer), operator, "0000000000000001", Industry.BUS,
                5, 0, 0, "BUS_FLAT");
    }

    private static List<String> suspense(DatabaseConnection db) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
                ResultSet rs = c.createStatement().executeQuery("SELECT CONCAT(f.file_name, ':', r.line_no, ' ', "
                        + "r.reason, ' ', r.detail) FROM clearing_record r JOIN day_file f ON f.id = r.file_id "
                        + "WHERE r.status = 'S' ORDER BY f.file_name, r.line_no")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        } catch (java.sql.SQLSyntaxErrorException noTablesYet) {
            // the refused night may stop before the schema exists
        }
        return out;
    }
}
