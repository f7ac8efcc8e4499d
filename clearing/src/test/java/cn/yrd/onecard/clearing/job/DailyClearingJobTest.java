package cn.yrd.onecard.clearing.job;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yrd.onecard.card.CardSerial;
import cn.yrd.onecard.card.CardType;
import cn.yrd.onecard.card.Industry;
import cn.yrd.onecard.card.TransactionType;
import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.crypto.CardAlgorithm;
import cn.yrd.onecard.crypto.CardCrypto;
import cn.yrd.onecard.crypto.CityKeyStore;
import cn.yrd.onecard.crypto.KeyPurpose;
import cn.yrd.onecard.crypto.Purchase;
import cn.yrd.onecard.database.ServiceTest;
import cn.yrd.onecard.dayfile.DayFileHeader;
import cn.yrd.onecard.dayfile.DayFileKind;
import cn.yrd.onecard.dayfile.DayFileWriter;
import cn.yrd.onecard.dayfile.RecordFormats;
import cn.yrd.onecard.record.MedicalClaim;
import cn.yrd.onecard.record.TransitRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.apache.commons.codec.binary.Hex;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The whole nightly job on a real MariaDB/MySQL: exit status, counts by reason, totals to the fen. */
@ServiceTest(schema = "clearing_job")
class DailyClearingJobTest {
    static final LocalDate DAY = LocalDate.of(2026, 11, 23);
    static final Path WORK;
    static final CityKeyStore KEYS;

    static {
        try {
            WORK = Files.createTempDirectory("clearing-test");
            KEYS = CityKeyStore.generate(WORK.resolve("keys.p12"), "onecard-test".toCharArray(),
                    EnumSet.allOf(KeyPurpose.class), new SecureRandom());
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("onecard.clearing.keystore", () -> WORK.resolve("keys.p12").toString());
        registry.add("onecard.clearing.hotlist", () -> WORK.resolve("hotlist.txt").toString());
    }

    @Autowired
    JobOperator operator;

    @Autowired
    Job dailyClearing;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aNightTakesInValidatesAndTotalsEveryFileAndARerunChangesNothing() throws Exception {
        Path inbox = Files.createDirectories(WORK.resolve("inbox"));
        // The Shanghai card is reported lost at 08:01:30: its rides of 08:00 and 08:01 stand, 08:02 does not.
        String listed = "D|3100000000000001|LOST|20261123080130\n";
        Files.writeString(WORK.resolve("hotlist.txt"), "H|HOTLIST|1|5|20261123090000\n" + listed + "T|1|"
                + Hex.encodeHexString(java.security.MessageDigest.getInstance("SHA-256").digest(
                        listed.getBytes(java.nio.charset.StandardCharsets.US_ASCII))) + "\n");
        CardSerial shanghai = CardSerial.of("3100000000000001");
        CardSerial suzhou = CardSerial.of("3205000000000002");
        TransitRecord r1 = ride(shanghai, "3100", "3205", 0, 300, 5000, LocalDate.of(2030, 1, 1));
        TransitRecord r2 = ride(shanghai, "3100", "3205", 1, 200, 4700, LocalDate.of(2030, 1, 1));
        TransitRecord local = ride(suzhou, "3205", "3205", 0, 200, 1000, LocalDate.of(2030, 1, 1));
        TransitRecord forged = withTac(ride(suzhou, "3205", "3205", 1, 150, 800, LocalDate.of(2030, 1, 1)), "DEADBEEF");
        TransitRecord expired = ride(CardSerial.of("3301000000000003"), "3301", "3205", 0, 200, 900,
                LocalDate.of(2026, 11, 1));
        CardSerial gappy = CardSerial.of("3301000000000004");
        TransitRecord g0 = ride(gappy, "3301", "3205", 0, 100, 900, LocalDate.of(2030, 1, 1));
        TransitRecord g3 = ride(gappy, "3301", "3205", 3, 100, 800, LocalDate.of(2030, 1, 1));
        CardSerial chained = CardSerial.of("3202000000000005");
        TransitRecord c0 = ride(chained, "3202", "3205", 0, 100, 900, LocalDate.of(2030, 1, 1));
        TransitRecord c1 = ride(chained, "3202", "3205", 1, 100, 750, LocalDate.of(2030, 1, 1));
        transit(inbox.resolve("SZMETRO-1.txt"), "SZMETRO", "3205", List.of(r1, r2, local, forged, r1, expired));
        transit(inbox.resolve("SZMETRO-2.txt"), "SZMETRO", "3205", List.of(g0, g3, c0, c1), DAY, 2);
        Path hz = transit(inbox.resolve("HZBUS-1.txt"), "HZBUS", "3301",
                List.of(ride(shanghai, "3100", "3301", 2, 200, 4500, LocalDate.of(2030, 1, 1))));
        // Sent again a minute later (file times are coarse: two files written in the same tick would tie).
        Files.setLastModifiedTime(Files.copy(hz, inbox.resolve("HZBUS-1-resent.txt")), java.nio.file.attribute.FileTime
                .fromMillis(Files.getLastModifiedTime(hz).toMillis() + 60_000));
        DayFileWriter.write(inbox.resolve("NBH001-1.txt"), RecordFormats.MEDICAL,
                new DayFileHeader(DayFileKind.MEDICAL, "NBH001", Cities.byCode("3302"), DAY, 1),
                List.of(authorised(new MedicalClaim("NBH001-1", "A12345678", Cities.byCode("3100"),
                        Cities.byCode("3302"), "NBH001", LocalDateTime.of(2026, 11, 23, 10, 0), MedicalClaim.Kind.CLAIM,
                        cn.yrd.onecard.record.MedicalCare.parse("ONE-INPATIENT"), 12_000, 9_000, 3_000, ""))));
        Path broken = transit(inbox.resolve("WXBUS-1.txt"), "WXBUS", "3202", List.of(local));
        Files.writeString(broken, Files.readString(broken).replace("|200|1000|", "|201|1000|"));
        transit(inbox.resolve("SZMETRO-tomorrow.txt"), "SZMETRO", "3205", List.of(), DAY.plusDays(1));

        JobExecution run = run("1");
        assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);

        assertThat(count("A")).isEqualTo(6);
        assertThat(jdbc.queryForList("SELECT CONCAT(f.file_name, ':', r.line_no, ' ', r.reason) FROM clearing_record r "
                + "JOIN day_file f ON f.id = r.file_id WHERE r.status = 'S' ORDER BY f.file_name, r.line_no",
                String.class)).containsExactly("HZBUS-1.txt:2 H01", "SZMETRO-1.txt:5 T01", "SZMETRO-1.txt:6 D01",
                        "SZMETRO-1.txt:7 E01", "SZMETRO-2.txt:3 G01", "SZMETRO-2.txt:5 B02");
        assertThat(totals()).containsExactly(
                "MEDICAL 3100->3302 1 9000 0 9000",
                "TRANSIT 3100->3205 2 500 3 497",
                "TRANSIT 3202->3205 1 100 1 99",
                "TRANSIT 3205->3205 1 200 0 200",
                "TRANSIT 3301->3205 1 100 1 99");
        assertThat(inbox.resolve("quarantine/WXBUS-1.txt")).exists();
        assertThat(Files.readString(inbox.resolve("quarantine/WXBUS-1.txt.report")))
                .startsWith("WXBUS-1.txt: line 3, field amount_total: trailer says 200 fen, the lines sum to 201");
        assertThat(inbox.resolve("SZMETRO-tomorrow.txt")).as("waits for its own night").exists();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM day_file WHERE business_date = ?", Integer.class, DAY))
                .as("the resent file is the same file").isEqualTo(4);

        Path nanjing = WORK.resolve("outbox-1/2026-11-23/3202-result.txt");
        assertThat(Files.readString(nanjing)).startsWith("H|CLEARING_RESULT|1|3202|20261123\n"
                + "R|TRANSIT|3202|3205|1|100|1|99\nT|1|");
        assertThat(Files.readString(WORK.resolve("outbox-1/2026-11-23/3202-detail.txt")))
                .contains("D|SZMETRO-2.txt|5|TRANSIT|3202000000000005|3202|3205|09|1|100|1|650|20261123080100|S|B02|100\n");

        List<String> before = totals();
        assertThat(run("2").getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(count("A") + count("S")).as("nothing loaded twice").isEqualTo(12);
        assertThat(totals()).isEqualTo(before);
        for (var city : Cities.all()) {
            for (String kind : List.of("-result.txt", "-detail.txt")) {
                assertThat(Files.readAllBytes(WORK.resolve("outbox-2/2026-11-23/" + city.code() + kind)))
                        .as("%s%s the same bytes", city.code(), kind)
                        .isEqualTo(Files.readAllBytes(WORK.resolve("outbox-1/2026-11-23/" + city.code() + kind)));
            }
        }
    }

    private JobExecution run(String attempt) throws Exception {
        return start(operator, dailyClearing, DAY, attempt, WORK.resolve("inbox"), WORK.resolve("outbox-" + attempt));
    }

    /** The night of {@code date} as a new job instance ({@code attempt} tells instances of one date apart). */
    static JobExecution start(JobOperator operator, Job job, LocalDate date, String attempt, Path inbox, Path outbox)
            throws Exception {
        return operator.start(job, new JobParametersBuilder().addString("businessDate", date.toString())
                .addString("attempt", attempt).addString("inbox", inbox.toString(), false)
                .addString("outbox", outbox.toString(), false).toJobParameters());
    }

    private int count(String status) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM clearing_record WHERE business_date = ? AND status = ?",
                Integer.class, DAY, status);
    }

    private List<String> totals() {
        return jdbc.queryForList("SELECT * FROM clearing_total WHERE business_date = ? ORDER BY business_line, "
                + "payer_city, payee_city", DAY).stream().map(DailyClearingJobTest::total).toList();
    }

    private static String total(Map<String, Object> t) {
        return t.get("business_line") + " " + t.get("payer_city") + "->" + t.get("payee_city") + " "
                + t.get("record_count") + " " + t.get("gross") + " " + t.get("fees") + " " + t.get("net");
    }

    static Path transit(Path file, String sender, String city, List<TransitRecord> records) throws Exception {
        return transit(file, sender, city, records, DAY);
    }

    static Path transit(Path file, String sender, String city, List<TransitRecord> records, LocalDate date)
            throws Exception {
        return transit(file, sender, city, records, date, 1);
    }

    static Path transit(Path file, String sender, String city, List<TransitRecord> records, LocalDate date,
            int sequence) throws Exception {
        DayFileWriter.write(file, RecordFormats.TRANSIT, new DayFileHeader(DayFileKind.TRANSIT, sender,
                Cities.byCode(city), date, sequence), records);
        return file;
    }

    /** A compound purchase with the TAC its card would compute. */
    static TransitRecord ride(CardSerial card, String issuer, String acquirer, int atc, long amount, long balance,
            LocalDate expiry) throws Exception {
        return ride(card, issuer, acquirer, atc, amount, balance, expiry, LocalDateTime.of(2026, 11, 23, 8, atc),
                100 + atc);
    }

    /** A compound purchase at {@code time} with the PSAM's counter {@code ttc}. */
    static TransitRecord ride(CardSerial card, String issuer, String acquirer, int atc, long amount, long balance,
            LocalDate expiry, LocalDateTime time, long ttc) throws Exception {
        Purchase p = new Purchase(amount, 0x09, "0000AB12CD34", ttc, time);
        CardCrypto crypto = new CardCrypto(CardAlgorithm.TRIPLE_DES);
        byte[] tac = crypto.purchaseTac(crypto.diversify(KEYS.key(KeyPurpose.TAC, Cities.byCode(issuer)), card), p);
        return new TransitRecord(TransactionType.COMPOUND_PURCHASE, card, Cities.byCode(issuer), CardType.NORMAL,
                expiry, atc, amount, balance, time, "0000AB12CD34", ttc, CardAlgorithm.TRIPLE_DES, 1,
                Hex.encodeHexString(tac, false), Cities.byCode(acquirer), "0000000000003205", "0000000000000001",
                Industry.RAIL, 1, 5, 1, "METRO_ZONE");
    }

    static TransitRecord withTac(TransitRecord r, String tac) {
        return new TransitRecord(r.type(), r.cardSerial(), r.issuer(), r.cardType(), r.cardExpiry(), r.atc(),
                r.amount(), r.balanceBefore(), r.time(), r.terminalNo(), r.ttc(), r.algorithm(), r.keyVersion(), tac,
                r.acquirer(), r.operatorId(), r.deviceId(), r.industry(), r.line(), r.station(), r.entryStation(),
                r.fareRule());
    }

    /** {@code c} with Shanghai's medical host's word on it, under the test keystore's key. */
    static MedicalClaim authorised(MedicalClaim c) {
        return c.authorisedBy(cn.yrd.onecard.crypto.HomeAuthorisation.medical(KEYS.keys(
                KeyPurpose.MEDICAL_AUTHORISATION)).of(c));
    }
}
