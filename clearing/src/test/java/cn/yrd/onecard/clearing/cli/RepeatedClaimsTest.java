package cn.yrd.onecard.clearing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.cli.Cli;
import cn.yrd.onecard.crypto.CityKeyStore;
import cn.yrd.onecard.crypto.HomeAuthorisation;
import cn.yrd.onecard.crypto.KeyPurpose;
import cn.yrd.onecard.database.DatabaseConnection;
import cn.yrd.onecard.database.TestDatabase;
import cn.yrd.onecard.dayfile.DayFileHeader;
import cn.yrd.onecard.dayfile.DayFileKind;
import cn.yrd.onecard.dayfile.DayFileWriter;
import cn.yrd.onecard.dayfile.RecordFormats;
import cn.yrd.onecard.record.MedicalClaim;
import cn.yrd.onecard.record.PensionPayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hospital's claims sent again in a second day file with one other line changed, and again on a later day, and an
 * agent's pension payout sent twice: each claim and payout is paid once (by its sender's ID and its own), the
 * repeats wait in suspense as D02. Before, every repeat was cleared and settled again (MEDICAL 139 records, not 133).
 */
class RepeatedClaimsTest {
    private static final LocalDate DAY = LocalDate.of(2026, 11, 23);
    private static final LocalDate NEXT = DAY.plusDays(1);

    @TempDir
    Path dir;

    /** The centre's keys; every claim and payout here carries its home city's authorisation under them. */
    private CityKeyStore store;

    @Test
    void aClaimOrPayoutSentAgainIsPaidOnceWhateverFileOrNightBringsIt() throws Exception {
        Path keys = dir.resolve("keys.p12");
        store = CityKeyStore.generate(keys, "onecard-test".toCharArray(), EnumSet.allOf(KeyPurpose.class),
                new SecureRandom());
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        medical(inbox.resolve("NBH001-20261123-1.txt"), DAY, 1, claim("NBH001-1", DAY, 12_000, 9_000),
                claim("NBH001-2", DAY, 20_000, 14_000));
        // The hospital's file again, one line changed (so another file, another hash), one claim added.
        medical(inbox.resolve("NBH001-20261123-2.txt"), DAY, 2, claim("NBH001-1", DAY, 12_000, 9_000),
                claim("NBH001-3", DAY, 30_000, 21_000));
        pension(inbox.resolve("PENS3100-20261123-1.txt"), payout("P-1"));
        pension(inbox.resolve("PENS3100-20261123-2.txt"), payout("P-1"));
        DatabaseConnection db = TestDatabase.forService("clearing_repeated_claims");
        Path outbox = dir.resolve("outbox");

        String first = clear(db, DAY, inbox, keys, outbox);
        assertThat(first).contains("MEDICAL    2 files         4 records").contains("suspense D02         2 records");
        assertThat(detail(outbox, DAY)).containsExactlyInAnyOrder(
                "NBH001-20261123-1.txt|2 A", "NBH001-20261123-1.txt|3 A",
                "NBH001-20261123-2.txt|2 S D02", "NBH001-20261123-2.txt|3 A", "PENS3100-20261123-1.txt|2 A",
                "PENS3100-20261123-2.txt|2 S D02");

        // A night later the same claim comes once more, beside a new one.
        medical(inbox.resolve("NBH001-20261124-1.txt"), NEXT, 1, claim("NBH001-2", NEXT.minusDays(1), 20_000, 14_000),
                claim("NBH001-4", NEXT, 5_000, 3_500));
        String second = clear(db, NEXT, inbox, keys, outbox);
        assertThat(second).contains("suspense D02         1 records");
        assertThat(detail(outbox, NEXT)).containsExactlyInAnyOrder(
                "NBH001-20261124-1.txt|2 S D02", "NBH001-20261124-1.txt|3 A");
        assertThat(repeats(db)).containsExactlyInAnyOrder("claim NBH001/NBH001-1 already cleared (2026-11-23)",
                "payout PENS3100/P-1 already cleared (2026-11-23)", "claim NBH001/NBH001-2 already cleared (2026-11-23)");

        // Cleared again, nothing changes.
        assertThat(clear(db, NEXT, inbox, keys, outbox)).contains("already cleared");
        assertThat(Nights.rows(db, "SELECT CONCAT(file_id, '/', line_no, ' ', message_id, ' ', business_line) "
                + "FROM clearing_message ORDER BY 1")).as("each key where its record is").hasSize(8)
                .isEqualTo(Nights.rows(db, "SELECT CONCAT(file_id, '/', line_no, ' ', message_id, ' ', business_line) "
                        + "FROM clearing_record WHERE message_id IS NOT NULL ORDER BY 1"));
    }

    private MedicalClaim claim(String id, LocalDate day, long total, long fundPaid) {
        MedicalClaim c = new MedicalClaim(id, "A12345678", Cities.byCode("3100"), Cities.byCode("3302"), "NBH001",
                day.atTime(10, 0), MedicalClaim.Kind.CLAIM, cn.yrd.onecard.record.MedicalCare.parse("TWO-INPATIENT"), total, fundPaid, total - fundPaid, "");
        return c.authorisedBy(HomeAuthorisation.medical(store.keys(KeyPurpose.MEDICAL_AUTHORISATION)).of(c));
    }

    private PensionPayout payout(String id) {
        PensionPayout p = new PensionPayout(id, "A12345678", Cities.byCode("3302"), Cities.byCode("3100"), "PENS3100",
                LocalDateTime.of(2026, 11, 23, 9, 0), PensionPayout.Kind.PAYOUT, 300_000, "");
        return p.authorisedBy(HomeAuthorisation.pension(store.keys(KeyPurpose.PENSION_AUTHORISATION)).of(p));
    }

    private static void medical(Path file, LocalDate day, int sequence, MedicalClaim... claims) throws Exception {
        DayFileWriter.write(file, RecordFormats.MEDICAL, new DayFileHeader(DayFileKind.MEDICAL, "NBH001",
                Cities.byCode("3302"), day, sequence), List.of(claims));
    }

    private static void pension(Path file, PensionPayout... payouts) throws Exception {
        DayFileWriter.write(file, RecordFormats.PENSION, new DayFileHeader(DayFileKind.PENSION, "PENS3100",
                Cities.byCode("3100"), DAY, Integer.parseInt(file.toString().replaceAll(".*-([0-9]+)\\.txt", "$1"))),
                List.of(payouts));
    }

    /** The day's claims and payouts as the detail files of the two cities give them: file|line, status, reason. */
    private static List<String> detail(Path outbox, LocalDate day) throws Exception {
        java.util.Set<String> lines = new java.util.LinkedHashSet<>();
        for (String city : List.of("3100", "3302")) {
            for (String l : Files.readAllLines(outbox.resolve(day + "/" + city + "-detail.txt"))) {
                String[] d = l.split("\\|", -1);
                if (d[0].equals("D") && !d[3].equals("TRANSIT")) {
                    lines.add(d[1] + "|" + d[2] + " " + d[13] + (d[14].isEmpty() ? "" : " " + d[14]));
                }
            }
        }
        return List.copyOf(lines);
    }

    /** What finance staff read of each repeat. */
    private static List<String> repeats(DatabaseConnection db) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        try (var c = java.sql.DriverManager.getConnection(db.url(), db.user(), db.password());
                var rs = c.createStatement().executeQuery("SELECT detail FROM clearing_record WHERE reason = 'D02' "
                        + "ORDER BY file_id, line_no")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static String clear(DatabaseConnection db, LocalDate day, Path inbox, Path keys, Path outbox) {
        Nights.Outcome night = Nights.clear(db, day, new Nights.Inbox(inbox, keys), outbox);
        assertThat(night.exit()).as(night.out()).isIn(Cli.OK, ClearingCommand.SUSPENSE);
        return night.out();
    }
}
