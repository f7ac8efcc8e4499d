package cn.yrd.onecard.terminal.pension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.crypto.HomeAuthorisation;
import cn.yrd.onecard.record.PensionPayout;
import cn.yrd.onecard.terminal.pension.PensionHost.Payout;
import cn.yrd.onecard.terminal.pension.PensionHost.Proof;
import cn.yrd.onecard.terminal.pension.PensionHost.Request;
import cn.yrd.onecard.terminal.pension.PensionerRegister.Pensioner;
import cn.yrd.onecard.terminal.pension.PensionerRegister.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Suzhou's pension host pays its pensioners living in Hangzhou from its own register: once a month, only while
 * certified, the months not yet paid; a proof of life certifies a lapsed pensioner at once and the missed months are
 * paid with the next payout; every answer once a request, and kept across a restart.
 */
public class PensionHostTest {
    static final City SUZHOU = Cities.byCode("3205");
    static final City HANGZHOU = Cities.byCode("3301");
    /** Suzhou's pension host authorises under the test keys (MedicalHostTest's, of the pension purpose). */
    public static final HomeAuthorisation AUTHORISED = HomeAuthorisation.pension(
            cn.yrd.onecard.terminal.medical.MedicalHostTest.TEST_KEYS);
    static final Clock DEC_1 = Clock.fixed(Instant.parse("2026-12-01T02:00:00Z"), ZoneId.of("Asia/Shanghai"));

    @TempDir
    Path dir;

    public static PensionerRegister register(Path dir) throws Exception {
        Path file = dir.resolve("3205-pensioners.txt");
        PensionerRegister.write(file, SUZHOU, List.of(
                new Pensioner("320500001", Status.ACTIVE, 320_000, YearMonth.of(2026, 10), LocalDate.of(2027, 6, 30),
                        HANGZHOU),
                new Pensioner("320500002", Status.ACTIVE, 250_000, YearMonth.of(2026, 8), LocalDate.of(2026, 8, 31),
                        HANGZHOU),
                new Pensioner("320500003", Status.DECEASED, 250_000, YearMonth.of(2026, 5), LocalDate.of(2026, 9, 1),
                        null),
                new Pensioner("320500004", Status.SUSPENDED, 250_000, YearMonth.of(2026, 11), LocalDate.of(2027, 1, 1),
                        null)));
        return PensionerRegister.read(file);
    }

    @Test
    void aPensionerIsPaidTheMonthsNotYetPaidOnceAMonth() throws Exception {
        try (PensionHost host = new PensionHost(register(dir), AUTHORISED, dir.resolve("host"), DEC_1)) {
            Payout paid = host.payout(request("HZA7-1", "320500001"));
            assertThat(paid).isEqualTo(new Payout("3205-P-000001", 640_000, YearMonth.of(2026, 11),
                    YearMonth.of(2026, 12), paid.authorisation(), null));
            // Suzhou's word on the record the Hangzhou agent writes, for the centre; not on another amount.
            PensionPayout record = new PensionPayout("3205-P-000001", "320500001", SUZHOU, HANGZHOU, "HZAGENT7",
                    java.time.LocalDateTime.of(2026, 12, 1, 10, 0), PensionPayout.Kind.PAYOUT, 640_000,
                    paid.authorisation());
            assertThat(AUTHORISED.verifies(record)).isTrue();
            assertThat(AUTHORISED.verifies(new PensionPayout("3205-P-000001", "320500001", SUZHOU, HANGZHOU,
                    "HZAGENT7", record.time(), PensionPayout.Kind.PAYOUT, 960_000, paid.authorisation()))).isFalse();
            assertThat(host.payout(request("HZA7-2", "320500001")).refused())
                    .isEqualTo("card *****0001: the pension of 2026-12 is paid already (payout 3205-P-000001)");
            assertThat(host.payout(request("HZA7-1", "320500001"))).as("the counter's retry").isEqualTo(paid);
            assertThat(host.payout(request("HZA7-1", "320500004")).refused())
                    .isEqualTo("request HZA7-1 was answered for another card: a counter numbers each request once");
        }
    }

    @Test
    void aLapsedPensionerCertifiesAwayFromHomeAndIsPaidTheMissedMonthsAtOnce() throws Exception {
        try (PensionHost host = new PensionHost(register(dir), AUTHORISED, dir.resolve("host"), DEC_1)) {
            assertThat(host.payout(request("HZA7-1", "320500002")).refused()).isEqualTo("card *****0002: the "
                    + "qualification was certified until 2026-08-31; a proof of life first, at any counter or kiosk");
            Proof proof = host.certify(request("HZA7-2", "320500002"));
            assertThat(proof).isEqualTo(new Proof("3205-L-000001", LocalDate.of(2027, 12, 1), proof.authorisation(),
                    null));
            Payout arrears = host.payout(request("HZA7-3", "320500002"));
            assertThat(arrears.amount()).as("September to December").isEqualTo(4 * 250_000);
            assertThat(arrears.from()).isEqualTo(YearMonth.of(2026, 9));
        }
    }

    @Test
    void whoIsNoPensionerOrIsStoppedIsRefusedWithOneLineAndNothingIsWritten() throws Exception {
        Path hostDir = dir.resolve("host");
        try (PensionHost host = new PensionHost(register(dir), AUTHORISED, hostDir, DEC_1)) {
            assertThat(host.payout(request("A", "320599999")).refused())
                    .isEqualTo("card *****9999 is no pensioner of Suzhou (3205)");
            assertThat(host.payout(request("B", "320500003")).refused())
                    .isEqualTo("card *****0003: the pensioner is recorded deceased");
            assertThat(host.certify(request("C", "320500003")).refused())
                    .isEqualTo("card *****0003: the pensioner is recorded deceased");
            assertThat(host.payout(request("D", "320500004")).refused())
                    .isEqualTo("card *****0004: the pension is suspended");
        }
        assertThat(Files.size(hostDir.resolve(PensionHost.LOG))).isZero();
    }

    @Test
    void paymentsAndProofsSurviveARestart() throws Exception {
        Path hostDir = dir.resolve("host");
        Payout paid;
        try (PensionHost host = new PensionHost(register(dir), AUTHORISED, hostDir, DEC_1)) {
            host.certify(request("HZA7-1", "320500002"));
            paid = host.payout(request("HZA7-2", "320500002"));
        }
        try (PensionHost host = new PensionHost(register(dir), AUTHORISED, hostDir, DEC_1)) {
            Pensioner p = host.register().find("320500002").orElseThrow();
            assertThat(host.certifiedUntil(p)).isEqualTo(LocalDate.of(2027, 12, 1));
            assertThat(host.paidThrough(p)).isEqualTo(YearMonth.of(2026, 12));
            assertThat(host.payout(request("HZA7-2", "320500002"))).isEqualTo(paid);
            assertThat(host.payout(request("HZA7-3", "320500001")).payoutId()).isEqualTo("3205-P-000003");
        }
    }

    @Test
    void theRegisterIsTakenWholeOrRefusedWithTheLineToBlame() throws Exception {
        register(dir);
        Path file = dir.resolve("3205-pensioners.txt");
        assertThat(PensionerRegister.read(file).find("320500001").orElseThrow().toString()).doesNotContain("320500001");
        Files.writeString(file, Files.readString(file).replace("|202610|", "|2026-10|"));
        assertThatThrownBy(() -> PensionerRegister.read(file)).hasMessageContaining("line 2")
                .hasMessageContaining("paid_through");
    }

    private static Request request(String id, String card) {
        return new Request(id, card, HANGZHOU, "HZAGENT7");
    }
}
