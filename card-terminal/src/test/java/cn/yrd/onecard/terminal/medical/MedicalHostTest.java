package cn.yrd.onecard.terminal.medical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.crypto.HomeAuthorisation;
import cn.yrd.onecard.terminal.medical.InsuredRegister.Insured;
import cn.yrd.onecard.terminal.medical.InsuredRegister.Status;
import cn.yrd.onecard.terminal.medical.MedicalHost.Answer;
import cn.yrd.onecard.terminal.medical.MedicalHost.ClaimRequest;
import cn.yrd.onecard.record.MedicalCare;
import cn.yrd.onecard.record.MedicalCare.Kind;
import cn.yrd.onecard.record.MedicalCare.Level;
import cn.yrd.onecard.terminal.medical.Reimbursement.Split;
import cn.yrd.onecard.terminal.medical.Reimbursement.Year;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Suzhou's medical-insurance host computes its insured's bills from its own policy, wherever they are treated: the
 * deductible first, the fund's share by level and kind of care up to the annual cap, the individual account before
 * the patient's cash; one claim a request, however often it is sent, and the year kept across a restart.
 */
public class MedicalHostTest {
    static final City SUZHOU = Cities.byCode("3205");
    static final City SHANGHAI = Cities.byCode("3100");
    static final Clock IN_2026 = Clock.fixed(Instant.parse("2026-12-01T02:00:00Z"), ZoneId.of("Asia/Shanghai"));
    public static final MedicalCare LEVEL_3_INPATIENT = new MedicalCare(Level.THREE, Kind.INPATIENT);
    static final MedicalCare LEVEL_1_OUTPATIENT = new MedicalCare(Level.ONE, Kind.OUTPATIENT);

    /** A test key of every city's: what the centre holds. */
    public static final java.util.function.Function<City, byte[]> TEST_KEYS = city -> java.util.HexFormat.of()
            .parseHex("00112233445566778899AABBCCDDEE" + city.code().substring(2));
    /** Suzhou's host authorises under the test keys. */
    public static final HomeAuthorisation AUTHORISED = HomeAuthorisation.medical(TEST_KEYS);

    @TempDir
    Path dir;

    /** Deductible 1,000.00 yuan, cap {@code cap} fen; the fund pays 90/80/70% inpatient, 70/60/50% outpatient. */
    public static MedicalPolicy suzhou(long cap) {
        Map<MedicalCare, Integer> ratios = new HashMap<>();
        int[] inpatient = {9_000, 8_000, 7_000};
        int[] outpatient = {7_000, 6_000, 5_000};
        for (Level level : Level.values()) {
            ratios.put(new MedicalCare(level, Kind.INPATIENT), inpatient[level.ordinal()]);
            ratios.put(new MedicalCare(level, Kind.OUTPATIENT), outpatient[level.ordinal()]);
        }
        return new MedicalPolicy(SUZHOU, 2026, 100_000, cap, ratios);
    }

    public static InsuredRegister register(Path dir) throws Exception {
        Path file = dir.resolve("3205-insured.txt");
        InsuredRegister.write(file, SUZHOU, List.of(new Insured("320500001", Status.ACTIVE, SHANGHAI, 30_000),
                new Insured("320500002", Status.SUSPENDED, null, 0), new Insured("320500003", Status.DECEASED, null, 0),
                new Insured("320500004", Status.ACTIVE, null, 0)));
        return InsuredRegister.read(file);
    }

    @Test
    void theDeductibleFirstThenTheFundsShareThenTheAccountThenThePatient() throws Exception {
        try (MedicalHost host = new MedicalHost(register(dir), suzhou(30_000_000), AUTHORISED, dir.resolve("host"), IN_2026)) {
            // 1,500.00 in a level-3 hospital's ward in Shanghai: 1,000.00 meets the deductible, the fund pays 70% of
            // the other 500.00; of the patient's 1,150.00 the account pays its 300.00.
            Answer first = host.claim(request("SH-COUNTER-1", "320500001", LEVEL_3_INPATIENT, 150_000));
            assertThat(first.approved()).isTrue();
            assertThat(first.claimId()).isEqualTo("3205-2026-000001");
            assertThat(first.split()).isEqualTo(new Split(150_000, 100_000, 35_000, 30_000, 85_000, false));
            // The deductible is met for the year; the account is empty.
            Answer second = host.claim(request("SH-COUNTER-2", "320500001", LEVEL_1_OUTPATIENT, 33));
            assertThat(second.split()).isEqualTo(new Split(33, 0, 23, 0, 10, false)); // 70% of 0.33 is 0.231: 0.23
            assertThat(host.year("320500001")).isEqualTo(new Year(100_000, 35_023));
            assertThat(second.claimId()).isEqualTo("3205-2026-000002");
        }
    }

    @Test
    void theAnnualCapStopsTheFundAndTheRestIsThePatients() throws Exception {
        try (MedicalHost host = new MedicalHost(register(dir), suzhou(200_000), AUTHORISED, dir.resolve("host"), IN_2026)) {
            Answer big = host.claim(request("R1", "320500004", LEVEL_3_INPATIENT, 500_000));
            // 4,000.00 above the deductible at 70% would be 2,800.00: the cap leaves 2,000.00.
            assertThat(big.split()).isEqualTo(new Split(500_000, 100_000, 200_000, 0, 300_000, true));
            Answer after = host.claim(request("R2", "320500004", LEVEL_1_OUTPATIENT, 10_000));
            assertThat(after.split()).isEqualTo(new Split(10_000, 0, 0, 0, 10_000, true));
            assertThat(host.year("320500004").fundPaid()).isEqualTo(200_000);
        }
    }

    @Test
    void whoIsNotCoveredIsRefusedWithOneLineAndNothingIsWritten() throws Exception {
        Path hostDir = dir.resolve("host");
        try (MedicalHost host = new MedicalHost(register(dir), suzhou(30_000_000), AUTHORISED, hostDir, IN_2026)) {
            assertThat(host.claim(request("A", "320599999", LEVEL_3_INPATIENT, 1_000)).refused())
                    .isEqualTo("card *****9999 is not insured in Suzhou (3205)");
            assertThat(host.claim(request("B", "320500002", LEVEL_3_INPATIENT, 1_000)).refused())
                    .isEqualTo("card *****0002: the insurance is suspended (contributions unpaid)");
            assertThat(host.claim(request("C", "320500003", LEVEL_3_INPATIENT, 1_000)).refused())
                    .isEqualTo("card *****0003: the insured person is recorded deceased");
            assertThat(host.claim(request("D", "320500001", LEVEL_3_INPATIENT, 0)).refused())
                    .isEqualTo("a bill is 0.01 to 42949672.95 yuan, got 0.00");
            assertThat(host.year("320500001")).isEqualTo(Year.NONE);
        }
        assertThat(Files.size(hostDir.resolve(MedicalHost.LOG))).isZero();
        Clock nextYear = Clock.offset(IN_2026, java.time.Duration.ofDays(40));
        try (MedicalHost host = new MedicalHost(register(dir), suzhou(30_000_000), AUTHORISED, hostDir, nextYear)) {
            assertThat(host.claim(request("E", "320500001", LEVEL_3_INPATIENT, 1_000)).refused())
                    .isEqualTo("Suzhou (3205) has no policy for 2027 here (this host's is 2026's)");
        }
    }

    @Test
    void aRequestSentAgainGetsTheSameClaimAndTheYearSurvivesARestart() throws Exception {
        Path hostDir = dir.resolve("host");
        Answer first;
        try (MedicalHost host = new MedicalHost(register(dir), suzhou(30_000_000), AUTHORISED, hostDir, IN_2026)) {
            first = host.claim(request("SH-COUNTER-7", "320500001", LEVEL_3_INPATIENT, 150_000));
            assertThat(host.claim(request("SH-COUNTER-7", "320500001", LEVEL_3_INPATIENT, 150_000)))
                    .as("the counter's retry after a lost answer").isEqualTo(first);
            assertThat(host.year("320500001")).isEqualTo(new Year(100_000, 35_000));
        }
        try (MedicalHost host = new MedicalHost(register(dir), suzhou(30_000_000), AUTHORISED, hostDir, IN_2026)) {
            assertThat(host.year("320500001")).isEqualTo(new Year(100_000, 35_000));
            assertThat(host.claim(request("SH-COUNTER-7", "320500001", LEVEL_3_INPATIENT, 150_000))).isEqualTo(first);
            assertThat(host.claim(request("SH-COUNTER-7", "320500001", LEVEL_3_INPATIENT, 200_000)).refused())
                    .isEqualTo("request SH-COUNTER-7 was answered for another bill: a counter numbers each bill once");
            Answer next = host.claim(request("SH-COUNTER-8", "320500001", LEVEL_3_INPATIENT, 10_000));
            assertThat(next.claimId()).isEqualTo("3205-2026-000002");
            assertThat(next.split().accountPaid()).as("the account was emptied before the restart").isZero();
        }
    }

    @Test
    void aReversedClaimGivesTheYearAndTheAccountBackOnceAndOnlyToItsHospital() throws Exception {
        Path hostDir = dir.resolve("host");
        try (MedicalHost host = new MedicalHost(register(dir), suzhou(30_000_000), AUTHORISED, hostDir, IN_2026)) {
            Answer claim = host.claim(request("SH-COUNTER-1", "320500001", LEVEL_3_INPATIENT, 150_000));
            assertThat(host.reverse(new MedicalHost.ReversalRequest("SH-R-1", claim.claimId(), "SHH002")).refused())
                    .isEqualTo("claim 3205-2026-000001 was made by SHH001, not by SHH002");
            Answer reversal = host.reverse(new MedicalHost.ReversalRequest("SH-R-2", claim.claimId(), "SHH001"));
            assertThat(reversal.claimId()).isEqualTo("3205-2026-000001-R");
            assertThat(reversal.split()).isEqualTo(claim.split());
            assertThat(host.year("320500001")).isEqualTo(Year.NONE);
            assertThat(host.reverse(new MedicalHost.ReversalRequest("SH-R-2", claim.claimId(), "SHH001")))
                    .as("the retry").isEqualTo(reversal);
            assertThat(host.reverse(new MedicalHost.ReversalRequest("SH-R-3", claim.claimId(), "SHH001")).refused())
                    .isEqualTo("claim 3205-2026-000001 is reversed already (3205-2026-000001-R)");
            assertThat(host.reverse(new MedicalHost.ReversalRequest("SH-R-4", "3205-2026-000099", "SHH001")).refused())
                    .isEqualTo("no claim 3205-2026-000099 at the medical host of Suzhou (3205)");
        }
        try (MedicalHost host = new MedicalHost(register(dir), suzhou(30_000_000), AUTHORISED, hostDir, IN_2026)) {
            assertThat(host.year("320500001")).as("after a restart").isEqualTo(Year.NONE);
            // The account is whole again: the next bill takes its 300.00 as the first did.
            assertThat(host.claim(request("SH-COUNTER-2", "320500001", LEVEL_3_INPATIENT, 150_000)).split())
                    .isEqualTo(new Split(150_000, 100_000, 35_000, 30_000, 85_000, false));
        }
    }

    @Test
    void thePolicyAndTheRegisterAreFilesTakenWholeOrRefusedWithTheLineToBlame() throws Exception {
        Path policy = dir.resolve("3205-policy-2026.txt");
        suzhou(30_000_000).write(policy);
        assertThat(MedicalPolicy.read(policy)).isEqualTo(suzhou(30_000_000));
        List<String> lines = Files.readAllLines(policy);
        assertThat(lines).contains("P|100000|30000000", "R|THREE|INPATIENT|7000");
        Path gap = dir.resolve("gap.txt");
        Files.write(gap, lines.stream().filter(l -> !l.startsWith("R|TWO|OUTPATIENT")).toList());
        assertThatThrownBy(() -> MedicalPolicy.read(gap)).hasMessageContaining("gap.txt");

        InsuredRegister register = register(dir);
        assertThat(register.find("320500001")).get().extracting(Insured::livingIn).isEqualTo(SHANGHAI);
        assertThat(register.find("320500001").get().toString()).doesNotContain("320500001");
        Path file = dir.resolve("3205-insured.txt");
        String text = Files.readString(file).replace("|SUSPENDED|", "|RETIRED|");
        Files.writeString(file, text);
        assertThatThrownBy(() -> InsuredRegister.read(file)).hasMessageContaining("line 3");
    }

    @Test
    void aSplitThatDoesNotAddUpIsRefusedWherePlanted() {
        assertThatThrownBy(() -> new Split(150_000, 100_000, 35_000, 30_000, 85_001, false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not add up");
    }

    private static ClaimRequest request(String id, String card, MedicalCare care, long total) {
        return new ClaimRequest(id, card, SHANGHAI, "SHH001", care, total);
    }
}
