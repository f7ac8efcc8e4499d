package cn.yrd.onecard.terminal.counter;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.crypto.CardAlgorithm;
import cn.yrd.onecard.dayfile.DayFileReader;
import cn.yrd.onecard.dayfile.RecordFormats;
import cn.yrd.onecard.record.MedicalClaim;
import cn.yrd.onecard.record.PensionPayout;
import cn.yrd.onecard.sim.card.CardOs;
import cn.yrd.onecard.sim.card.SimCards;
import cn.yrd.onecard.sim.card.TestIssuer;
import cn.yrd.onecard.sim.pcsc.SimReader;
import cn.yrd.onecard.sim.pcsc.SimReaders;
import cn.yrd.onecard.terminal.medical.InsuredRegister;
import cn.yrd.onecard.terminal.medical.MedicalAuthoriser;
import cn.yrd.onecard.terminal.medical.MedicalHost;
import cn.yrd.onecard.terminal.medical.MedicalPolicy;
import cn.yrd.onecard.terminal.pension.PensionHost;
import cn.yrd.onecard.terminal.pension.PensionHostClient;
import cn.yrd.onecard.terminal.pension.PensionHostServer;
import cn.yrd.onecard.terminal.pension.PensionerRegister;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import javax.smartcardio.CardChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Ningbo hospital and pension counter serving a retiree insured in Shanghai. */
class CounterTest {
    @TempDir
    Path dir;

    final TestIssuer issuer = new TestIssuer();
    final SimReaders readers = new SimReaders();
    final SimReader reader = readers.plug("Counter-1");
    final AtomicInteger apdus = new AtomicInteger();
    final Clock clock = Clock.fixed(LocalDateTime.of(2026, 11, 23, 10, 30).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);

    @Test
    void aHospitalClaimIsOwedByTheHomeCitysFundAndGoesIntoTheMedicalDayFile() throws Exception {
        try (CounterLog log = CounterLog.open(dir)) {
            Counter hospital = new Counter("NBH001", Cities.byCode("3302"), log, clock);
            Counter.Outcome<MedicalClaim> c = hospital.claim(channel(citizen()), "123456", 12_000, 9_000, apdus);
            assertThat(c.done()).isTrue();
            MedicalClaim claim = c.record();
            assertThat(claim.homeCity()).isEqualTo(Cities.byCode("3100"));
            assertThat(claim.serviceCity()).isEqualTo(Cities.byCode("3302"));
            assertThat(claim.selfPaid()).isEqualTo(3_000);
            assertThat(claim.claimId()).isEqualTo("NBH001-00000001");

            Path file = dir.resolve("NBH001-20261123-1.txt");
            log.exportMedical(LocalDate.of(2026, 11, 23), "NBH001", Cities.byCode("3302"), 1, file);
            assertThat(DayFileReader.read(file, RecordFormats.MEDICAL).records()).containsExactly(claim);
        }
        try (CounterLog reopened = CounterLog.open(dir)) {
            assertThat(reopened.claims()).hasSize(1);
        }
    }

    @Test
    void aBillIsComputedByThePatientsHomeCityOnlineAndRecordedOnceEvenWhenItsAnswerIsLost() throws Exception {
        // Shanghai insures the retiree (card A12345678, an individual account of 300.00 yuan).
        Path register = dir.resolve("3100-insured.txt");
        InsuredRegister.write(register, Cities.byCode("3100"), List.of(new InsuredRegister.Insured("A12345678",
                InsuredRegister.Status.ACTIVE, Cities.byCode("3302"), 30_000)));
        Map<MedicalPolicy.Care, Integer> ratios = new HashMap<>();
        for (MedicalPolicy.Level level : MedicalPolicy.Level.values()) {
            for (MedicalPolicy.Kind kind : MedicalPolicy.Kind.values()) {
                ratios.put(new MedicalPolicy.Care(level, kind), 8_000);
            }
        }
        MedicalPolicy policy = new MedicalPolicy(Cities.byCode("3100"), 2026, 50_000, 10_000_000, ratios);
        MedicalPolicy.Care ward = new MedicalPolicy.Care(MedicalPolicy.Level.TWO, MedicalPolicy.Kind.INPATIENT);
        try (CounterLog log = CounterLog.open(dir.resolve("counter"));
                MedicalHost shanghai = new MedicalHost(InsuredRegister.read(register), policy, dir.resolve("host"),
                        clock)) {
            Counter hospital = new Counter("NBH001", Cities.byCode("3302"), log, clock);
            CardOs card = citizen();
            // The first time the answer is lost on the way back: the host wrote the claim, the counter nothing.
            MedicalAuthoriser lossy = new MedicalAuthoriser() {
                @Override
                public MedicalHost.Answer claim(MedicalHost.ClaimRequest r) throws java.io.IOException {
                    shanghai.claim(r);
                    throw new java.io.IOException("connection reset");
                }

                @Override
                public MedicalHost.Answer reverse(MedicalHost.ReversalRequest r) {
                    throw new UnsupportedOperationException();
                }
            };
            Counter.Outcome<MedicalClaim> lost = hospital.claimOnline(channel(card), "123456", 150_000, ward,
                    Map.of(Cities.byCode("3100"), lossy), apdus);
            assertThat(lost.refused()).startsWith("the medical host of Shanghai (3100) does not answer; nothing "
                    + "recorded, present the card again");
            assertThat(log.claims()).isEmpty();

            Counter.Outcome<MedicalClaim> again = hospital.claimOnline(channel(card), "123456", 150_000, ward,
                    Map.of(Cities.byCode("3100"), shanghai), apdus);
            // 500.00 deductible, 80% of the other 1,000.00 from the fund, 300.00 from the account, 400.00 in cash.
            assertThat(again.record()).extracting(MedicalClaim::claimId, MedicalClaim::fundPaid, MedicalClaim::selfPaid)
                    .containsExactly("3100-2026-000001", 110_000L, 40_000L);
            assertThat(shanghai.year("A12345678").fundPaid()).as("the fund paid once").isEqualTo(80_000);
            assertThat(log.claims()).hasSize(1);

            assertThat(hospital.claimOnline(channel(card), "123456", 150_000, ward, Map.of(), apdus).refused())
                    .isEqualTo("this counter knows no medical host of Shanghai (3100): nothing recorded");
        }
    }

    @Test
    void aLapsedPensionerCertifiesAtANingboCounterAndIsPaidTheMissedMonthsThroughTheHomeHostOnTheNetwork()
            throws Exception {
        // Shanghai's register: 2,800.00 a month, paid through August, certified until 31 August: lapsed on 23 November.
        Path register = dir.resolve("3100-pensioners.txt");
        PensionerRegister.write(register, Cities.byCode("3100"), List.of(new PensionerRegister.Pensioner("A12345678",
                PensionerRegister.Status.ACTIVE, 280_000, java.time.YearMonth.of(2026, 8),
                LocalDate.of(2026, 8, 31), Cities.byCode("3302"))));
        try (CounterLog log = CounterLog.open(dir.resolve("counter"));
                PensionHost shanghai = new PensionHost(PensionerRegister.read(register), dir.resolve("host"), clock);
                PensionHostServer server = new PensionHostServer(shanghai, "127.0.0.1", 0, null)) {
            Map<cn.yrd.onecard.city.City, PensionHostClient> homes = Map.of(Cities.byCode("3100"),
                    new PensionHostClient(java.net.URI.create("http://127.0.0.1:" + server.port()), null));
            Counter agent = new Counter("NBAGENT7", Cities.byCode("3302"), log, clock);
            CardOs card = citizen();
            assertThat(agent.payoutOnline(channel(card), "123456", homes, apdus).refused()).isEqualTo("Shanghai "
                    + "(3100) refuses: card *****5678: the qualification was certified until 2026-08-31; a proof of "
                    + "life first, at any counter or kiosk");
            Counter.Outcome<PensionPayout> proof = agent.proofOnline(channel(card), "123456", homes, apdus);
            assertThat(proof.record().kind()).isEqualTo(PensionPayout.Kind.PROOF_OF_LIFE);
            assertThat(proof.record().payoutId()).isEqualTo("3100-L-000001");
            Counter.Outcome<PensionPayout> paid = agent.payoutOnline(channel(card), "123456", homes, apdus);
            assertThat(paid.record().amount()).as("September to November, at once").isEqualTo(3 * 280_000);
            assertThat(agent.payoutOnline(channel(card), "123456", homes, apdus).refused())
                    .endsWith("the pension of 2026-11 is paid already (payout 3100-P-000002)");
            assertThat(log.payouts()).extracting(PensionPayout::payoutId)
                    .containsExactly("3100-L-000001", "3100-P-000002");
        }
    }

    @Test
    void aWrongPinIsRefusedWithTheTriesLeftAndThreeBlockIt() throws Exception {
        try (CounterLog log = CounterLog.open(dir)) {
            Counter hospital = new Counter("NBH001", Cities.byCode("3302"), log, clock);
            CardOs card = citizen();
            assertThat(hospital.claim(channel(card), "000000", 500, 0, apdus).refused())
                    .isEqualTo("wrong PIN, 2 tries left");
            assertThat(hospital.claim(channel(card), "000000", 500, 0, apdus).refused())
                    .isEqualTo("wrong PIN, 1 tries left");
            assertThat(hospital.claim(channel(card), "000000", 500, 0, apdus).refused())
                    .isEqualTo("wrong PIN; the PIN is now blocked");
            assertThat(hospital.claim(channel(card), "123456", 500, 0, apdus).refused())
                    .startsWith("PIN blocked");
            assertThat(log.claims()).isEmpty();
        }
    }

    @Test
    void pensionPayoutsAndProofsOfLifeGoIntoThePensionDayFile() throws Exception {
        try (CounterLog log = CounterLog.open(dir)) {
            Counter agent = new Counter("NBAGENT7", Cities.byCode("3302"), log, clock);
            CardOs card = citizen();
            PensionPayout proof = agent.proofOfLife(channel(card), "123456", apdus).record();
            PensionPayout paid = agent.payout(channel(card), "123456", 350_000, apdus).record();
            assertThat(proof.kind()).isEqualTo(PensionPayout.Kind.PROOF_OF_LIFE);
            assertThat(proof.amount()).isZero();
            assertThat(paid.amount()).isEqualTo(350_000);

            Path file = dir.resolve("pension.txt");
            log.exportPension(LocalDate.of(2026, 11, 23), "NBAGENT7", Cities.byCode("3302"), 1, file);
            var read = DayFileReader.read(file, RecordFormats.PENSION);
            assertThat(read.records()).containsExactly(proof, paid);
            assertThat(read.trailer().amountTotal()).isEqualTo(350_000);
        }
    }

    /** Amounts out of range are refused at the counter before the card is touched: no PIN try spent, nothing kept. */
    @Test
    void anAmountOutOfRangeIsRefusedBeforeTheCardIsTouched() throws Exception {
        try (CounterLog log = CounterLog.open(dir)) {
            Counter counter = new Counter("NBH001", Cities.byCode("3302"), log, clock);
            CardOs card = citizen();
            for (long[] bill : new long[][] {{0, 0}, {-100, 0}, {0x1_0000_0000L, 0}}) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> counter.claim(channel(card), "000000",
                        bill[0], bill[1], apdus)).as("bill of %d fen", bill[0])
                        .hasMessageContaining("a bill is 0.01 to 42949672.95 yuan");
            }
            for (long amount : new long[] {0, -1, 0x1_0000_0000L}) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> counter.payout(channel(card), "000000",
                        amount, apdus)).hasMessageContaining("a pension payout is 0.01 to");
            }
            // Six wrong PINs were never sent: the card still has its three tries.
            assertThat(counter.claim(channel(card), "000000", 500, 0, apdus).refused())
                    .isEqualTo("wrong PIN, 2 tries left");
            assertThat(log.claims()).isEmpty();
            assertThat(log.payouts()).isEmpty();
        }
    }

    private CardOs citizen() {
        return SimCards.issue(issuer.spec("3100", "0000000000000031", 5000, CardAlgorithm.TRIPLE_DES, true),
                new Random(4));
    }

    private CardChannel channel(CardOs card) throws Exception {
        reader.field().present(card);
        return readers.terminalFactory().terminals().getTerminal("Counter-1 PICC").connect("*").getBasicChannel();
    }
}
