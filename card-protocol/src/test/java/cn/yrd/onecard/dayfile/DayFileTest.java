package cn.yrd.onecard.dayfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.record.MedicalClaim;
import cn.yrd.onecard.record.PensionPayout;
import cn.yrd.onecard.record.TransitRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DayFileTest {
    /** The example of docs/formats.md, byte for byte. */
    static final String GOLDEN = """
            H|TRANSIT|1|SZMETRO|3205|20261123|1
            D|09|3100000000001234|3100|00|20301231|5|300|2000|20261123081505|0000AB12CD34|1005|00|1|1A2B3C4D|3205|0000000000003205|00000000000000A1|01|1|12|3|METRO_ZONE
            D|02|3100000000001234|3100|00|20301231|2|5000|1700|20261123120000|000000000071|7|00|1|00FF00FF|3205|0000000000003205|00000000000000B2|00|0|0|0|TOPUP
            T|2|5300|%s
            """;

    @TempDir
    Path dir;

    private final List<TransitRecord> records = List.of(Samples.ride(5, 300, 2000), Samples.load(2, 5000, 1700));

    @Test
    void writesTheDocumentedBytesAndTheSameBytesEveryTime() throws Exception {
        Path a = dir.resolve("a.txt");
        Path b = dir.resolve("b.txt");
        DayFileTrailer trailer = DayFileWriter.write(a, RecordFormats.TRANSIT, Samples.transitHeader(), records);
        DayFileWriter.write(b, RecordFormats.TRANSIT, Samples.transitHeader(), records);

        assertThat(Files.readString(a)).isEqualTo(GOLDEN.formatted(trailer.sha256()));
        assertThat(Files.readAllBytes(b)).isEqualTo(Files.readAllBytes(a));
        assertThat(trailer.count()).isEqualTo(2);
        assertThat(trailer.amountTotal()).isEqualTo(5300);
        assertThat(trailer.sha256()).isEqualTo(sha256OfRecordLines(Files.readString(a)));
        assertThat(Files.list(dir)).as("no temporary files left").hasSize(2);
    }

    @Test
    void readsBackWhatWasWrittenForEveryKind() throws Exception {
        Path transit = dir.resolve("t.txt");
        DayFileWriter.write(transit, RecordFormats.TRANSIT, Samples.transitHeader(), records);
        DayFile<TransitRecord> t = DayFileReader.read(transit, RecordFormats.TRANSIT);
        assertThat(t.records()).isEqualTo(records);
        assertThat(t.header()).isEqualTo(Samples.transitHeader());

        List<MedicalClaim> claims = List.of(Samples.claim("C1", 12000, 9000), Samples.claim("C2", 800, 0));
        DayFileHeader mh = new DayFileHeader(DayFileKind.MEDICAL, "NBH001", Cities.byCode("3302"), Samples.DAY, 3);
        Path medical = dir.resolve("m.txt");
        DayFileWriter.write(medical, RecordFormats.MEDICAL, mh, claims);
        DayFile<MedicalClaim> m = DayFileReader.read(medical, RecordFormats.MEDICAL);
        assertThat(m.records()).isEqualTo(claims);
        assertThat(m.trailer().amountTotal()).isEqualTo(12800);

        List<PensionPayout> payouts = List.of(Samples.payout("P1", PensionPayout.Kind.PAYOUT, 350000),
                Samples.payout("P2", PensionPayout.Kind.PROOF_OF_LIFE, 0));
        DayFileHeader ph = new DayFileHeader(DayFileKind.PENSION, "NBAGENT7", Cities.byCode("3302"), Samples.DAY, 1);
        Path pension = dir.resolve("p.txt");
        DayFileWriter.write(pension, RecordFormats.PENSION, ph, payouts);
        assertThat(DayFileReader.read(pension, RecordFormats.PENSION).records()).isEqualTo(payouts);
        assertThat(DayFileReader.readHeader(pension)).isEqualTo(ph);
    }

    @Test
    void aMerchantFileCarriesPaymentsOnlyAndReadsBackAsTheTerminalJournaledThem() throws Exception {
        List<TransitRecord> payments = List.of(Samples.payment(8, 1250, 4000), Samples.payment(9, 300, 2750));
        DayFileHeader header = new DayFileHeader(DayFileKind.MERCHANT, "SZSHOPS", Cities.byCode("3205"), Samples.DAY,
                1);
        Path merchant = dir.resolve("s.txt");
        DayFileWriter.write(merchant, RecordFormats.MERCHANT, header, payments);
        assertThat(DayFileReader.read(merchant, RecordFormats.MERCHANT).records()).isEqualTo(payments);
        assertThat(Files.readAllLines(merchant).get(1)).isEqualTo("D|06|3100000000001234|3100|00|20301231|8|1250|4000|"
                + "20261123100207|0000AB12CD40|55|00|1|5E6F7081|3205|320500000000017|00000000000000C3|");
        // A bill paid at a utilities kiosk: its number in the last field, its rule in memory.
        TransitRecord sale = payments.get(0);
        TransitRecord bill = new TransitRecord(sale.type(), sale.cardSerial(), sale.issuer(), sale.cardType(),
                sale.cardExpiry(), sale.atc(), sale.amount(), sale.balanceBefore(), sale.time(), sale.terminalNo(),
                sale.ttc(), sale.algorithm(), sale.keyVersion(), sale.tac(), sale.acquirer(), sale.operatorId(),
                sale.deviceId(), sale.industry(), 0, 0, 0, RecordFormats.billRule("202611000123"));
        Path bills = dir.resolve("b.txt");
        DayFileWriter.write(bills, RecordFormats.MERCHANT, header, List.of(bill));
        assertThat(Files.readAllLines(bills).get(1)).endsWith("|00000000000000C3|202611000123");
        assertThat(DayFileReader.read(bills, RecordFormats.MERCHANT).records()).containsExactly(bill);
        assertThat(RecordFormats.billNo(bill)).contains("202611000123");
        assertThat(RecordFormats.billNo(sale)).isEmpty();
        assertThatThrownBy(() -> DayFileReader.verify(file(Files.readString(bills).replace("|202611000123",
                "|12AB")), RecordFormats.MERCHANT)).hasMessageStartingWith("bad.txt: line 2")
                .hasMessageContaining("bill_no").hasMessageContaining("a bill number is 6 to 20 digits, got '12AB'");

        assertThatThrownBy(() -> DayFileWriter.write(dir.resolve("r.txt"), RecordFormats.MERCHANT, header, records))
                .as("a ride is no merchant payment").isInstanceOf(IllegalArgumentException.class);
        String text = Files.readString(merchant);
        Path ride = file(text.replace("D|06|3100000000001234|", "D|09|3100000000001234|"));
        assertThatThrownBy(() -> DayFileReader.verify(ride, RecordFormats.MERCHANT))
                .hasMessageStartingWith("bad.txt: line 2")
                .hasMessageContaining("a merchant payment is a purchase (type 06)");
        Path shortId = file(text.replace("|320500000000017|", "|32050000000001|"));
        assertThatThrownBy(() -> DayFileReader.verify(shortId, RecordFormats.MERCHANT))
                .hasMessageStartingWith("bad.txt: line 2, field merchant_id: '32050000000001' is not a merchant id");
    }

    @Test
    void aBadFieldIsNamedByLineAndFieldAndNoRecordIsHandedOver() throws Exception {
        String bad = good().replace("|300|2000|", "|3O0|2000|");
        List<TransitRecord> seen = new ArrayList<>();
        assertThatThrownBy(() -> DayFileReader.forEach(file(bad), RecordFormats.TRANSIT, seen::add))
                .isInstanceOf(DayFileFormatException.class)
                .hasMessage("bad.txt: line 2, field amount: '3O0' is not a whole number (digits only, no sign,"
                        + " no leading zeros)");
        assertThat(seen).isEmpty();

        assertRejected(good().replace("|3100|00|20301231|5|", "|3199|00|20301231|5|"),
                "line 2, field issuer_city: '3199' is not one of the 16 city codes");
        assertRejected(good().replace("20261123081505", "20261131081505"),
                "line 2, field time: '20261131081505' is not a date and time YYYYMMDDhhmmss");
        assertRejected(good().replace("|300|2000|", "|-300|2000|"),
                "line 2, field amount: '-300' is not a whole number");
        assertRejected(good().replace("|300|2000|", "|4294967296|2000|"),
                "line 2, field amount: 4294967296 is larger than 4294967295");
        assertRejected(good().replace("|300|2000|", "|0300|2000|"),
                "line 2, field amount: '0300' is not a whole number");
        assertRejected(good().replace("|300|2000|", "|99999999999999999999|2000|"),
                "line 2, field amount: '99999999999999999999' is not a whole number");
        assertRejected(good().replace("|300|2000|", "|9999999999999999999|2000|"),
                "line 2, field amount: '9999999999999999999' is not a whole number");
        assertRejected(good().replaceFirst("\nD\\|[0-9A-F]{2}\\|", "\nD|0g|"),
                "line 2, field type: '0g' is not two upper-case hex digits");
        assertRejected(good().replaceFirst("\nD\\|[0-9A-F]{2}\\|", "\nD||"),
                "line 2, field type: '' is not two upper-case hex digits");
        assertRejected(good().replace("|METRO_ZONE\n", "|METRO_ZONE|extra\n"),
                "line 2: a TRANSIT record has 22 fields, this line has 23");
    }

    @Test
    void theTrailerMustMatchTheRecords() throws Exception {
        String text = good();
        String[] lines = text.split("\n");
        String trailer = lines[3];

        // A record changed, the trailer's total not: the total catches it.
        assertRejected(text.replace("|5000|1700|", "|5001|1700|"),
                "line 4, field amount_total: trailer says 5300 fen, the lines sum to 5301");
        // A record and the total changed together: the hash catches it.
        assertRejected(text.replace("|5000|1700|", "|5001|1700|").replace("T|2|5300|", "T|2|5301|"),
                "line 4, field sha256: trailer hash does not match the lines");
        // A record dropped, count and total not updated.
        assertRejected(lines[0] + "\n" + lines[1] + "\n" + trailer + "\n",
                "line 3, field count: trailer says 2 lines, the file has 1");
    }

    @Test
    void truncatedAndMisshapenFilesAreRejectedWhole() throws Exception {
        String text = good();
        assertRejected(text.substring(0, text.indexOf("\nT|") + 1), "line 4: no trailer (file truncated?)");
        assertRejected(text.substring(0, text.length() - 10), "line 4: last line has no line feed (file truncated?)");
        assertRejected(text.replace("\n", "\r\n"), "line 1: carriage return in line: lines end with LF alone");
        assertRejected("", "line 1: file is empty");
        assertRejected(text + "D|x\n", "line 5: text after the trailer");
        assertRejected(text.replace("H|TRANSIT|1|", "H|TRANSIT|2|"),
                "line 1, field version: version '2' is not supported, expected 1");
        assertRejected(text.replace("H|TRANSIT|", "H|PENSION|"), "line 1, field kind: a PENSION file, expected TRANSIT");

        byte[] latin1 = text.replace("TOPUP", "TOP\u00e9").getBytes(StandardCharsets.ISO_8859_1);
        Path f = dir.resolve("bad.txt");
        Files.write(f, latin1);
        assertThatThrownBy(() -> DayFileReader.verify(f, RecordFormats.TRANSIT))
                .hasMessage("bad.txt: line 3: line is not valid UTF-8");
    }

    @Test
    void aWriterThatIsAbandonedLeavesNothing() throws Exception {
        Path target = dir.resolve("never.txt");
        DayFileWriter<TransitRecord> w = DayFileWriter.open(target, RecordFormats.TRANSIT, Samples.transitHeader());
        w.append(records.get(0));
        w.abandon();
        assertThat(Files.list(dir)).isEmpty();
        assertThatThrownBy(() -> DayFileWriter.open(target, RecordFormats.MEDICAL, Samples.transitHeader()))
                .hasMessage("a TRANSIT header cannot head MEDICAL records");
    }

    private String good() throws IOException {
        Path f = dir.resolve("good.txt");
        DayFileWriter.write(f, RecordFormats.TRANSIT, Samples.transitHeader(), records);
        return Files.readString(f);
    }

    private Path file(String content) throws IOException {
        Path f = dir.resolve("bad.txt");
        Files.writeString(f, content);
        return f;
    }

    private void assertRejected(String content, String message) throws IOException {
        Path f = file(content);
        assertThatThrownBy(() -> DayFileReader.verify(f, RecordFormats.TRANSIT))
                .isInstanceOf(DayFileFormatException.class)
                .hasMessageStartingWith("bad.txt: " + message);
    }

    private static String sha256OfRecordLines(String file) throws Exception {
        StringBuilder records = new StringBuilder();
        for (String line : file.split("\n")) {
            if (line.startsWith("D|")) {
                records.append(line).append('\n');
            }
        }
        var md = java.security.MessageDigest.getInstance("SHA-256");
        return org.apache.commons.codec.binary.Hex.encodeHexString(
                md.digest(records.toString().getBytes(StandardCharsets.UTF_8)));
    }
}
