package cn.yrd.onecard.clearing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
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
import java.sql.DriverManager;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a home city's fund pays is the home city's word: a claim, reversal, payout or proof of life is paid only with
 * the authorisation its home city's host gave it (docs/formats.md, "The home city's authorisation"). A fund part raised
 * at the counter, a record without the word, one under the service city's own key wait in suspense as C01; a
 * reversal is owed back by the service city.
 */
class HomeAuthorisationCheckTest {
    private static final LocalDate DAY = LocalDate.of(2026, 11, 23);
    private static final City SHANGHAI = Cities.byCode("3100");
    private static final City NINGBO = Cities.byCode("3302");

    @TempDir
    Path dir;

    @Test
    void onlyWhatTheHomeCityAuthorisedIsPaidAndAReversalIsOwedBack() throws Exception {
        Path keys = dir.resolve("keys.p12");
        CityKeyStore store = CityKeyStore.generate(keys, "onecard-test".toCharArray(), EnumSet.allOf(KeyPurpose.class),
                new SecureRandom());
        HomeAuthorisation medical = HomeAuthorisation.medical(store.keys(KeyPurpose.MEDICAL_AUTHORISATION));
        HomeAuthorisation pension = HomeAuthorisation.pension(store.keys(KeyPurpose.PENSION_AUTHORISATION));
        Path inbox = Files.createDirectories(dir.resolve("inbox"));

        MedicalClaim paid = claim("3100-2026-000001", MedicalClaim.Kind.CLAIM, 12_000, 9_000, "");
        String word = medical.of(claim("3100-2026-000002", MedicalClaim.Kind.CLAIM, 12_000, 9_000, ""));
        MedicalClaim reversal = claim("3100-2026-000001-R", MedicalClaim.Kind.REVERSAL, 12_000, 9_000, "");
        MedicalClaim underNingbosKey = claim("3100-2026-000004", MedicalClaim.Kind.CLAIM, 5_000, 5_000, "");
        DayFileWriter.write(inbox.resolve("NBH001-20261123-1.txt"), RecordFormats.MEDICAL, new DayFileHeader(
                DayFileKind.MEDICAL, "NBH001", NINGBO, DAY, 1), List.of(
                        paid.authorisedBy(medical.of(paid)),
                        claim("3100-2026-000002", MedicalClaim.Kind.CLAIM, 12_000, 11_000, word),
                        claim("3100-2026-000003", MedicalClaim.Kind.CLAIM, 12_000, 9_000, ""),
                        reversal.authorisedBy(medical.of(reversal)),
                        underNingbosKey.authorisedBy(HomeAuthorisation.medical(c -> store.key(
                                KeyPurpose.MEDICAL_AUTHORISATION, NINGBO)).of(underNingbosKey))));
        PensionPayout payout = new PensionPayout("3302-P-000001", "A12345678", NINGBO, SHANGHAI, "PENS3100",
                DAY.atTime(9, 0), PensionPayout.Kind.PAYOUT, 300_000, "");
        PensionPayout proof = new PensionPayout("3302-L-000002", "A12345678", NINGBO, SHANGHAI, "PENS3100",
                DAY.atTime(9, 5), PensionPayout.Kind.PROOF_OF_LIFE, 0, "");
        DayFileWriter.write(inbox.resolve("PENS3100-20261123-1.txt"), RecordFormats.PENSION, new DayFileHeader(
                DayFileKind.PENSION, "PENS3100", SHANGHAI, DAY, 1), List.of(payout.authorisedBy(pension.of(payout)),
                        // A medical key's word on a pension record is no word.
                        proof.authorisedBy(medical.of(paid))));
        DatabaseConnection db = TestDatabase.forService("clearing_home_authorisation");

        Nights.Outcome night = Nights.clear(db, DAY, new Nights.Inbox(inbox, keys), dir.resolve("outbox"));
        assertThat(night.exit()).as(night.out()).isEqualTo(ClearingCommand.SUSPENSE);
        assertThat(night.out()).contains("suspense C01         4 records");
        assertThat(rows(db)).containsExactly(
                "MEDICAL 2 A 3100->3302 9000 -",
                "MEDICAL 3 S 3100->3302 11000 C01 authorisation " + word + " does not verify with Shanghai (3100)'s "
                        + "medical key",
                "MEDICAL 4 S 3100->3302 9000 C01 no authorisation of Shanghai (3100)'s medical host",
                "MEDICAL 5 A 3302->3100 9000 -",
                "MEDICAL 6 S 3100->3302 5000 C01 authorisation " + underNingbosKey.authorisedBy(HomeAuthorisation
                        .medical(c -> store.key(KeyPurpose.MEDICAL_AUTHORISATION, NINGBO)).of(underNingbosKey))
                        .authorisation() + " does not verify with Shanghai (3100)'s medical key",
                "PENSION 2 A 3302->3100 300000 -",
                "PENSION 3 S 3302->3100 0 C01 authorisation " + medical.of(paid) + " does not verify with Ningbo "
                        + "(3302)'s pension key");
        assertThat(night.exit()).isNotEqualTo(Cli.OK);
        // The detail files tell the home city's bureau what each claim was for and the whole bill: C or R, the
        // hospital's level, I or O, and last the day file's amount.
        List<String> detail = Files.readAllLines(dir.resolve("outbox/" + DAY + "/3100-detail.txt"));
        assertThat(detail).anyMatch(l -> l.startsWith("D|NBH001-20261123-1.txt|2|MEDICAL|A12345678|3100|3302|C1O|")
                && l.endsWith("|A||12000"));
        assertThat(detail).anyMatch(l -> l.startsWith("D|NBH001-20261123-1.txt|5|MEDICAL|A12345678|3302|3100|R1O|")
                && l.endsWith("|A||12000"));
    }

    private static MedicalClaim claim(String id, MedicalClaim.Kind kind, long total, long fund, String mac) {
        return new MedicalClaim(id, "A12345678", SHANGHAI, NINGBO, "NBH001", DAY.atTime(10, 0), kind,
                cn.yrd.onecard.record.MedicalCare.parse("ONE-OUTPATIENT"), total, fund,
                total - fund, mac);
    }

    /** Each claim and pension record as clearing kept it: line, status, who owes whom, how much, why held. */
    private static List<String> rows(DatabaseConnection db) throws Exception {
        List<String> out = new ArrayList<>();
        try (var c = DriverManager.getConnection(db.url(), db.user(), db.password());
                var rs = c.createStatement().executeQuery("SELECT business_line, line_no, status, payer_city, "
                        + "payee_city, amount, reason, detail FROM clearing_record WHERE business_line <> 'TRANSIT' "
                        + "ORDER BY business_line, line_no")) {
            while (rs.next()) {
                out.add(rs.getString(1) + " " + rs.getInt(2) + " " + rs.getString(3) + " " + rs.getString(4) + "->"
                        + rs.getString(5) + " " + rs.getLong(6) + " " + (rs.getString(7) == null ? "-"
                                : rs.getString(7) + " " + rs.getString(8)));
            }
        }
        return out;
    }
}
