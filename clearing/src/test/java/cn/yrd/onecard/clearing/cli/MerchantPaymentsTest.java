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
import cn.yrd.onecard.registry.MerchantRegister;
import cn.yrd.onecard.registry.MerchantRegister.Category;
import cn.yrd.onecard.registry.MerchantRegister.Merchant;
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
 * Merchant payments cleared in the same night as the rides (docs/clearing.md, "Merchant payments"): TAC-verified,
 * checked against the acquirers' merchant registers (M01 to M04), in one chain with the card's rides, late taxi
 * uploads taken within the merchant window, and each accepted payment's merchant discount and the issuer's share.
 */
class MerchantPaymentsTest {
    static final LocalDate DAY = LocalDate.of(2026, 11, 23);
    static final Merchant TEA_HOUSE = new Merchant("320500000000017", "Lanting Tea House", Category.RETAIL,
            Cities.byCode("3205"), 60, "622202320500001234");
    static final Merchant FUEL = new Merchant("320500000000042", "Xinghu Filling Station", Category.FUEL,
            Cities.byCode("3205"), 40, "622202320500009876");
    static final Merchant TAXI = new Merchant("320500000000305", "Suzhou Taxi 305", Category.TAXI,
            Cities.byCode("3205"), 80, "622202320500003050");
    static final Merchant WATER = new Merchant("320500000000077", "Suzhou Water Works", Category.UTILITY,
            Cities.byCode("3205"), 20, "622202320500007777");
    static final Merchant WEST_LAKE = new Merchant("330100000000008", "West Lake Books", Category.RETAIL,
            Cities.byCode("3301"), 50, "622202330100000008");

    @TempDir
    Path dir;

    @Test
    void paymentsAreClearedWithTheRidesAndWhatFailsGoesToSuspenseWithItsReason() throws Exception {
        Path keys = dir.resolve("keys.p12");
        CityKeyStore store = CityKeyStore.generate(keys, "onecard-test".toCharArray(), EnumSet.of(KeyPurpose.TAC),
                new SecureRandom());
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        Path registers = Files.createDirectories(dir.resolve("merchants"));
        Files.writeString(registers.resolve("3205.txt"), MerchantRegister.text(Cities.byCode("3205"),
                List.of(TEA_HOUSE, FUEL, TAXI)));
        Files.writeString(registers.resolve("3301.txt"), MerchantRegister.text(Cities.byCode("3301"),
                List.of(WEST_LAKE)));

        // A Shanghai card rides in Suzhou, pays a tea house, rides again: one chain over both files.
        CardSerial shanghai = CardSerial.of("3100000000000001");
        CardSerial student = CardSerial.of("3100000000000002");
        CardSerial late = CardSerial.of("3100000000000003");
        CardSerial broken = CardSerial.of("3100000000000004");
        List<TransitRecord> rides = List.of(
                purse(store, shanghai, CardType.NORMAL, 0, 5000, 200, null, at(8, 0)),
                purse(store, shanghai, CardType.NORMAL, 2, 3550, 200, null, at(18, 0)),
                purse(store, broken, CardType.NORMAL, 0, 5000, 200, null, at(8, 0)),
                purse(store, broken, CardType.NORMAL, 2, 4800, 200, null, at(18, 0)), // as if the payment were not
                purse(store, late, CardType.NORMAL, 5, 900, 300, TEA_HOUSE, at(9, 0))); // a payment in a ride file
        DayFileWriter.write(inbox.resolve("SZBUS-1.txt"), RecordFormats.TRANSIT,
                new DayFileHeader(DayFileKind.TRANSIT, "SZBUS", Cities.byCode("3205"), DAY, 1), rides);
        List<TransitRecord> payments = List.of(
                purse(store, shanghai, CardType.NORMAL, 1, 4800, 1250, TEA_HOUSE, at(12, 30)),
                purse(store, broken, CardType.NORMAL, 1, 4800, 1000, TEA_HOUSE, at(12, 31)),
                purse(store, student, CardType.STUDENT, 0, 5000, 3000, FUEL, at(13, 0)),
                purse(store, student, CardType.STUDENT, 1, 2000, 100, unknown(), at(13, 5)),
                purse(store, student, CardType.STUDENT, 2, 1900, 100, WEST_LAKE, at(13, 10)),
                purse(store, late, CardType.NORMAL, 0, 4000, 2340, TAXI, DAY.minusDays(20).atTime(22, 15)),
                purse(store, late, CardType.NORMAL, 1, 1660, 100, TAXI, DAY.minusDays(40).atTime(22, 15)));
        DayFileWriter.write(inbox.resolve("SZSHOPS-1.txt"), RecordFormats.MERCHANT,
                new DayFileHeader(DayFileKind.MERCHANT, "SZSHOPS", Cities.byCode("3205"), DAY, 1), payments);
        DatabaseConnection db = TestDatabase.forService("clearing_merchants");

        assertThat(clear(db, keys, registers, inbox, DAY)).isEqualTo(ClearingCommand.SUSPENSE);

        assertThat(rows(db, "SELECT CONCAT(f.file_name, ':', r.line_no, ' ', r.reason, ' ', r.detail) FROM "
                + "clearing_record r JOIN day_file f ON f.id = r.file_id WHERE r.status = 'S' ORDER BY f.file_name, "
                + "r.line_no")).containsExactly(
                "SZBUS-1.txt:5 B02 balance before 4800, previous balance after 3800",
                "SZBUS-1.txt:6 M04 a payment to merchant 320500000000017 in a TRANSIT file",
                "SZSHOPS-1.txt:4 M03 a student card paid FUEL merchant 320500000000042",
                "SZSHOPS-1.txt:5 M01 merchant 320500000000999 is not in 3205's register",
                "SZSHOPS-1.txt:6 M02 merchant 330100000000008 is 3301's, the file is 3205's and the record names 3205",
                "SZSHOPS-1.txt:8 W01 transaction of 2026-10-14, business date 2026-11-23");
        // 12.50 at 60 bp = 7.5 fen, half up 8; the Shanghai issuer earns 30% of it, 2.4 down to 2 fen.
        // 23.40 at 80 bp = 18.72 fen, 19; 5.7 down to 5. 10.00 at 60 bp: 6, 1.8 down to 1.
        assertThat(rows(db, "SELECT CONCAT_WS(' ', f.file_name, r.line_no, r.amount, r.merchant_id, r.merchant_fee, "
                + "r.fee) FROM clearing_record r JOIN day_file f ON f.id = r.file_id WHERE r.status = 'A' AND "
                + "r.business_line = 'MERCHANT' ORDER BY r.line_no")).containsExactly(
                "SZSHOPS-1.txt 2 1250 320500000000017 8 2",
                "SZSHOPS-1.txt 3 1000 320500000000017 6 1",
                "SZSHOPS-1.txt 7 2340 320500000000305 19 5");
        assertThat(rows(db, "SELECT CONCAT_WS(' ', business_line, payer_city, payee_city, record_count, gross, fees, "
                + "net) FROM clearing_total ORDER BY business_line")).containsExactly(
                "MERCHANT 3100 3205 3 4590 8 4582",
                "TRANSIT 3100 3205 3 600 3 597");
        Path night = dir.resolve("outbox").resolve(DAY.toString());
        assertThat(Files.readString(night.resolve("3100-result.txt"))).contains("R|MERCHANT|3100|3205|3|4590|8|4582\n");
        // What Suzhou owes each merchant: the payments net of the discount, by merchant.
        assertThat(Files.readAllLines(night.resolve("3205-merchants.txt"))).containsSubsequence(
                "H|CLEARING_MERCHANTS|1|3205|20261123",
                "M|320500000000017|Lanting Tea House|RETAIL|622202320500001234|2|2250|14|2236",
                "M|320500000000305|Suzhou Taxi 305|TAXI|622202320500003050|1|2340|19|2321").hasSize(4);
        assertThat(Files.readAllLines(night.resolve("3100-merchants.txt"))).as("Shanghai acquired none").hasSize(2);
    }

    @Test
    void aBillIsRemittedToItsBillerOnceAndASecondPaymentOfItIsHeldInSuspense() throws Exception {
        Path keys = dir.resolve("keys.p12");
        CityKeyStore store = CityKeyStore.generate(keys, "onecard-test".toCharArray(), EnumSet.of(KeyPurpose.TAC),
                new SecureRandom());
        Path registers = Files.createDirectories(dir.resolve("merchants"));
        Files.writeString(registers.resolve("3205.txt"), MerchantRegister.text(Cities.byCode("3205"),
                List.of(TEA_HOUSE, WATER)));
        CardSerial first = CardSerial.of("3100000000000011");
        CardSerial second = CardSerial.of("3100000000000012");
        CardSerial third = CardSerial.of("3100000000000013");
        TransitRecord paid = bill(store, first, 0, 20_000, 8650, WATER, "202611000123", at(9, 0));
        // The same bill at another kiosk, whose journal knew nothing of the first; the first record sent twice; a
        // bill paid at a tea house; another bill paid by the first card.
        write(dir.resolve("inbox1"), "SZSHOPS-1.txt", DAY, List.of(paid,
                bill(store, second, 0, 20_000, 8650, WATER, "202611000123", at(10, 0)), paid,
                bill(store, third, 0, 20_000, 500, TEA_HOUSE, "202611000999", at(10, 30)),
                bill(store, first, 1, 11_350, 4200, WATER, "202611000124", at(11, 0))));
        DatabaseConnection db = TestDatabase.forService("clearing_bills");
        assertThat(clear(db, keys, registers, dir.resolve("inbox1"), DAY)).isEqualTo(ClearingCommand.SUSPENSE);
        assertThat(rows(db, "SELECT CONCAT(r.line_no, ' ', r.reason, ' ', r.detail) FROM clearing_record r "
                + "WHERE r.status = 'S' ORDER BY r.line_no")).containsExactly(
                "3 M05 bill 202611000123 of merchant 320500000000077 already paid (2026-11-23)",
                "4 D01 counter 0 already cleared",
                "5 M06 bill 202611000999 paid to RETAIL merchant 320500000000017");
        Path night = dir.resolve("outbox").resolve(DAY.toString());
        assertThat(Files.readAllLines(night.resolve("remittance/320500000000077.txt"))).containsExactly(
                "H|CLEARING_REMITTANCE|1|320500000000077|20261123",
                "P|202611000123|8650|20261123090000|************0011|0000AB12CD40|150",
                "P|202611000124|4200|20261123110000|************0011|0000AB12CD40|151",
                Files.readAllLines(night.resolve("remittance/320500000000077.txt")).get(3));
        assertThat(Files.readAllLines(night.resolve("remittance/320500000000077.txt")).get(3)).startsWith("T|2|12850|");
        assertThat(night.resolve("remittance/320500000000017.txt")).as("a tea house bills no one").doesNotExist();
        assertThat(Files.readAllLines(night.resolve("3205-merchants.txt"))).contains(
                "M|320500000000077|Suzhou Water Works|UTILITY|622202320500007777|2|12850|25|12825"); // 20 bp: 17.3 and 8.4 fen

        // A payment of the same bill that slipped through on a later night is held as well; the biller's next
        // remittance is empty.
        write(dir.resolve("inbox2"), "SZSHOPS-2.txt", DAY.plusDays(1), List.of(
                bill(store, third, 1, 19_500, 8650, WATER, "202611000123", DAY.plusDays(1).atTime(9, 0))));
        assertThat(clear(db, keys, registers, dir.resolve("inbox2"), DAY.plusDays(1)))
                .isEqualTo(ClearingCommand.SUSPENSE);
        assertThat(rows(db, "SELECT CONCAT(r.reason, ' ', r.detail) FROM clearing_record r WHERE r.business_date = '"
                + DAY.plusDays(1) + "'")).containsExactly(
                "M05 bill 202611000123 of merchant 320500000000077 already paid (2026-11-23)");
        assertThat(Files.readAllLines(dir.resolve("outbox").resolve(DAY.plusDays(1).toString())
                .resolve("remittance/320500000000077.txt"))).hasSize(2).last().asString().startsWith("T|0|0|");
    }

    private static void write(Path inbox, String name, LocalDate day, List<TransitRecord> payments) throws Exception {
        DayFileWriter.write(Files.createDirectories(inbox).resolve(name), RecordFormats.MERCHANT,
                new DayFileHeader(DayFileKind.MERCHANT, "SZSHOPS", Cities.byCode("3205"), day,
                        Integer.parseInt(name.replaceAll("\\D", ""))), payments);
    }

    private int clear(DatabaseConnection db, Path keys, Path registers, Path inbox, LocalDate day) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ClearingCommand clear = new ClearingCommand(new PrintStream(bytes, true, StandardCharsets.UTF_8), Map.of(
                "spring.datasource.url", db.url(), "spring.datasource.username", db.user(),
                "spring.datasource.password", db.password()));
        return Cli.run(() -> clear.run(new String[] {"--date", day.toString(), "--inbox", inbox.toString(),
            "--keystore", keys.toString(), "--merchants", registers.toString(), "--outbox",
            dir.resolve("outbox").toString()}));
    }

    /** A payment of bill {@code billNo} at {@code merchant}'s kiosk, as {@link #purse} makes a sale. */
    private static TransitRecord bill(CityKeyStore keys, CardSerial card, int atc, long balance, long amount,
            Merchant merchant, String billNo, LocalDateTime time) throws Exception {
        TransitRecord sale = purse(keys, card, CardType.NORMAL, atc, balance, amount, merchant, time);
        return new TransitRecord(sale.type(), sale.cardSerial(), sale.issuer(), sale.cardType(), sale.cardExpiry(),
                sale.atc(), sale.amount(), sale.balanceBefore(), sale.time(), sale.terminalNo(), sale.ttc(),
                sale.algorithm(), sale.keyVersion(), sale.tac(), sale.acquirer(), sale.operatorId(), sale.deviceId(),
                sale.industry(), 0, 0, 0, RecordFormats.billRule(billNo));
    }

    private static Merchant unknown() {
        return new Merchant("320500000000999", "Not Registered", Category.RETAIL, Cities.byCode("3205"), 60,
                "622202320500000999");
    }

    private static LocalDateTime at(int hour, int minute) {
        return DAY.atTime(hour, minute);
    }

    /**
     * A purse record of the Shanghai card {@code card} with the TAC it computes: a ride on Suzhou bus line 5 when
     * {@code merchant} is null, else a plain purchase at that merchant's till.
     */
    static TransitRecord purse(CityKeyStore keys, CardSerial card, CardType type, int atc, long balance, long amount,
            Merchant merchant, LocalDateTime time) throws Exception {
        String terminal = merchant == null ? "0000AB12CD34" : "0000AB12CD40";
        TransactionType kind = merchant == null ? TransactionType.COMPOUND_PURCHASE : TransactionType.PURCHASE;
        long ttc = 100 + atc + (merchant == null ? 0 : 50);
        Purchase p = new Purchase(amount, kind.code(), terminal, ttc, time);
        CardCrypto crypto = new CardCrypto(CardAlgorithm.TRIPLE_DES);
        byte[] tac = crypto.purchaseTac(crypto.diversify(keys.key(KeyPurpose.TAC, Cities.byCode("3100")), card), p);
        return new TransitRecord(kind, card, Cities.byCode("3100"), type, LocalDate.of(2030, 1, 1), atc, amount,
                balance, time, terminal, ttc, CardAlgorithm.TRIPLE_DES, 1, Hex.encodeHexString(tac, false),
                Cities.byCode("3205"), merchant == null ? "0000000000003205" : merchant.operatorId(),
                "0000000000000001", merchant == null ? Industry.BUS : Industry.MERCHANT, merchant == null ? 5 : 0, 0,
                0, merchant == null ? "BUS_FLAT" : RecordFormats.SALE);
    }

    private static List<String> rows(DatabaseConnection db, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
