package cn.yrd.onecard.terminal.counter;

import cn.yrd.onecard.record.MedicalCare;
import static org.assertj.core.api.Assertions.assertThat;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.crypto.HomeAuthorisation;
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
import cn.yrd.onecard.terminal.medical.MedicalHostTest;
import cn.yrd.onecard.terminal.medical.MedicalPolicy;
import cn.yrd.onecard.terminal.medical.PinUnblocking;
import cn.yrd.onecard.crypto.KeyPurpose;
import cn.yrd.onecard.terminal.pension.PensionHost;
import cn.yrd.onecard.terminal.pension.PensionHostClient;
import cn.yrd.onecard.terminal.pension.PensionHostServer;
import cn.yrd.onecard.terminal.pension.PensionHostTest;
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
    void aClaimAndItsReversalCarryTheHomeCitysAuthorisationIntoTheMedicalDayFile() throws Exception {
        try (CounterLog log = CounterLog.open(dir.resolve("counter")); MedicalHost shanghai = shanghaiMedicalHost()) {
            Counter hospital = new Counter("NBH001", Cities.byCode("3302"), log, clock);
            Map<City, MedicalHost> homes = Map.of(Cities.byCode("3100"), shanghai);
            MedicalClaim claim = hospital.claimOnline(channel(citizen()), "123456", 12_000, WARD, homes, apdus)
                    .record();
            assertThat(claim.homeCity()).isEqualTo(Cities.byCode("3100"));
            assertThat(claim.serviceCity()).isEqualTo(Cities.byCode("3302"));
            assertThat(claim.kind()).isEqualTo(MedicalClaim.Kind.CLAIM);
            // Under the 500.00 deductible: the account pays its 120.00, nothing is left to the patient.
            assertThat(claim.fundPaid()).isEqualTo(12_000);

            // Cancelled later the same day: no card needed; the home city gives the year and the account back.
            assertThat(hospital.reverseOnline("3100-2026-999999", homes).refused())
                    .isEqualTo("no claim 3100-2026-999999 at counter NBH001");
            MedicalClaim reversal = hospital.reverseOnline(claim.claimId(), homes).record();
            assertThat(reversal.claimId()).isEqualTo(claim.claimId() + "-R");
            assertThat(reversal.kind()).isEqualTo(MedicalClaim.Kind.REVERSAL);
            assertThat(reversal.fundPaid()).isEqualTo(claim.fundPaid());
            assertThat(hospital.reverseOnline(claim.claimId(), homes).refused())
                    .isEqualTo("claim 3100-2026-000001 is reversed already at counter NBH001");
            assertThat(shanghai.year("A12345678")).isEqualTo(cn.yrd.onecard.terminal.medical.Reimbursement.Year.NONE);

            Path file = dir.resolve("NBH001-20261123-1.txt");
            log.exportMedical(LocalDate.of(2026, 11, 23), "NBH001", Cities.byCode("3302"), 1, file);
            List<MedicalClaim> sent = DayFileReader.read(file, RecordFormats.MEDICAL).records();
            assertThat(sent).containsExactly(claim, reversal);
            // What the centre checks, under every city's keys: both are Shanghai's word; a raised fund part is not.
            HomeAuthorisation centre = HomeAuthorisation.medical(MedicalHostTest.TEST_KEYS);
            assertThat(sent).allMatch(centre::verifies);
            assertThat(centre.verifies(new MedicalClaim(claim.claimId(), claim.cardNumber(), claim.homeCity(),
                    claim.serviceCity(), claim.hospitalId(), claim.time(), claim.kind(), claim.care(), 12_000, 12_000, 0,
                    claim.authorisation()))).isTrue();
            assertThat(centre.verifies(new MedicalClaim(claim.claimId(), claim.cardNumber(), claim.homeCity(),
                    claim.serviceCity(), claim.hospitalId(), claim.time(), claim.kind(), claim.care(), 13_000, 13_000, 0,
                    claim.authorisation()))).as("a bill raised at the counter").isFalse();
        }
        try (CounterLog reopened = CounterLog.open(dir.resolve("counter"))) {
            assertThat(reopened.claims()).hasSize(2);
        }
    }

    /** Shanghai's host: the retiree A12345678 with 300.00 yuan in the account; 500.00 deductible, 80% everywhere. */
    private MedicalHost shanghaiMedicalHost() throws Exception {
        Path register = dir.resolve("3100-insured.txt");
        InsuredRegister.write(register, Cities.byCode("3100"), List.of(new InsuredRegister.Insured("A12345678",
                InsuredRegister.Status.ACTIVE, Cities.byCode("3302"), 30_000)));
        Map<MedicalCare, Integer> ratios = new HashMap<>();
        for (MedicalCare.Level level : MedicalCare.Level.values()) {
            for (MedicalCare.Kind kind : MedicalCare.Kind.values()) {
                ratios.put(new MedicalCare(level, kind), 8_000);
            }
        }
        MedicalPolicy policy = new MedicalPolicy(Cities.byCode("3100"), 2026, 50_000, 10_000_000, ratios);
        return new MedicalHost(InsuredRegister.read(register), policy, MedicalHostTest.AUTHORISED, dir.resolve("host"),
                clock);
    }

    private static final MedicalCare WARD = new MedicalCare(MedicalCare.Level.TWO,
            MedicalCare.Kind.INPATIENT);

    @Test
    void aBillIsComputedByThePatientsHomeCityOnlineAndRecordedOnceEvenWhenItsAnswerIsLost() throws Exception {
        MedicalCare ward = WARD;
        try (CounterLog log = CounterLog.open(dir.resolve("counter")); MedicalHost shanghai = shanghaiMedicalHost()) {
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
                PensionHost shanghai = new PensionHost(PensionerRegister.read(register), PensionHostTest.AUTHORISED,
                        dir.resolve("host"), clock);
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

            Path file = dir.resolve("pension.txt");
            log.exportPension(LocalDate.of(2026, 11, 23), "NBAGENT7", Cities.byCode("3302"), 1, file);
            var read = DayFileReader.read(file, RecordFormats.PENSION);
            assertThat(read.records()).containsExactly(proof.record(), paid.record());
            assertThat(read.trailer().amountTotal()).isEqualTo(3 * 280_000);
            HomeAuthorisation centre = HomeAuthorisation.pension(MedicalHostTest.TEST_KEYS);
            assertThat(read.records()).allMatch(centre::verifies);
            assertThat(HomeAuthorisation.medical(MedicalHostTest.TEST_KEYS).verifies(new MedicalClaim(
                    paid.record().payoutId(), "A12345678", Cities.byCode("3100"), Cities.byCode("3302"), "NBAGENT7",
                    paid.record().time(), MedicalClaim.Kind.CLAIM, WARD, 840_000, 840_000, 0,
                    paid.record().authorisation()))).as("a payout's word taken for a claim").isFalse();
        }
    }

    @Test
    void aWrongPinIsRefusedWithTheTriesLeftAndThreeBlockIt() throws Exception {
        try (CounterLog log = CounterLog.open(dir.resolve("counter")); MedicalHost shanghai = shanghaiMedicalHost()) {
            Counter hospital = new Counter("NBH001", Cities.byCode("3302"), log, clock);
            CardOs card = citizen();
            Map<City, MedicalAuthoriser> homes = Map.of(Cities.byCode("3100"), shanghai);
            assertThat(hospital.claimOnline(channel(card), "000000", 500, WARD, homes, apdus).refused())
                    .isEqualTo("wrong PIN, 2 tries left");
            assertThat(hospital.claimOnline(channel(card), "000000", 500, WARD, homes, apdus).refused())
                    .isEqualTo("wrong PIN, 1 tries left");
            assertThat(hospital.claimOnline(channel(card), "000000", 500, WARD, homes, apdus).refused())
                    .isEqualTo("wrong PIN; the PIN is now blocked");
            assertThat(hospital.claimOnline(channel(card), "123456", 500, WARD, homes, apdus).refused())
                    .startsWith("PIN blocked");
            assertThat(log.claims()).isEmpty();
            assertThat(shanghai.year("A12345678")).as("the home city never asked")
                    .isEqualTo(cn.yrd.onecard.terminal.medical.Reimbursement.Year.NONE);
        }
    }

    /**
     * A Shanghai citizen's PIN, blocked in Ningbo, unblocked at the Ningbo counter on Shanghai's word (its bureau holds
     * the cards' PIN-reload key); then changed by its holder. Shanghai's host refuses a card it does not know and is
     * asked nothing for a new PIN that is no PIN.
     */
    @Test
    void aPinBlockedAwayFromHomeIsUnblockedThroughTheHomeCityAndChangedByItsHolder() throws Exception {
        Path register = dir.resolve("3100-register.txt");
        InsuredRegister.write(register, Cities.byCode("3100"), List.of(new InsuredRegister.Insured("A12345678",
                InsuredRegister.Status.ACTIVE, Cities.byCode("3302"), 30_000)));
        try (CounterLog log = CounterLog.open(dir.resolve("counter")); MedicalHost shanghai = shanghaiMedicalHost();
                PinUnblocking pins = new PinUnblocking(InsuredRegister.read(register), issuer.master(
                        KeyPurpose.PIN_RELOAD, Cities.byCode("3100")), dir.resolve("pins"), clock)) {
            Counter counter = new Counter("NBH001", Cities.byCode("3302"), log, clock);
            CardOs card = citizen();
            Map<City, MedicalAuthoriser> claims = Map.of(Cities.byCode("3100"), shanghai);
            for (int i = 0; i < 3; i++) {
                counter.claimOnline(channel(card), "000000", 500, WARD, claims, apdus);
            }
            assertThat(counter.claimOnline(channel(card), "123456", 500, WARD, claims, apdus).refused())
                    .isEqualTo("PIN blocked: a counter of any city unblocks it on the holder's identity document");

            org.assertj.core.api.Assertions.assertThatThrownBy(() -> counter.unblockOnline(channel(card), "12a4",
                    Map.of(Cities.byCode("3100"), pins), apdus)).hasMessage("a PIN is 4 to 12 digits");
            assertThat(counter.unblockOnline(channel(card), "246810", Map.of(), apdus).refused())
                    .isEqualTo("this counter knows no medical host of Shanghai (3100): the PIN is unchanged");
            // Another city's bureau's word is no word: its key is not this card's.
            try (PinUnblocking suzhou = new PinUnblocking(InsuredRegister.read(register), issuer.master(
                    KeyPurpose.PIN_RELOAD, Cities.byCode("3205")), dir.resolve("other"), clock)) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> counter.unblockOnline(channel(card),
                        "246810", Map.of(Cities.byCode("3100"), suzhou), apdus))
                        .hasMessageContaining("6988");
            }
            assertThat(pins.count()).isZero();
            Counter.Outcome<cn.yrd.onecard.card.SocialSecurityCard> unblocked = counter.unblockOnline(channel(card),
                    "246810", Map.of(Cities.byCode("3100"), pins), apdus);
            assertThat(unblocked.refused()).isNull();
            assertThat(pins.count()).as("the home city's log says who unblocked it").isOne();
            assertThat(counter.claimOnline(channel(card), "123456", 500, WARD, claims, apdus).refused())
                    .as("the old PIN is gone").isEqualTo("wrong PIN, 2 tries left");
            assertThat(counter.claimOnline(channel(card), "246810", 500, WARD, claims, apdus).done()).isTrue();

            assertThat(counter.changePin(channel(card), "111111", "135790", apdus).refused())
                    .isEqualTo("wrong PIN, 2 tries left");
            assertThat(counter.changePin(channel(card), "246810", "135790", apdus).done()).isTrue();
            assertThat(counter.claimOnline(channel(card), "135790", 500, WARD, claims, apdus).done()).isTrue();
            assertThat(log.claims()).hasSize(2);
        }
        // A card the home city does not know.
        Path empty = dir.resolve("3100-nobody.txt");
        InsuredRegister.write(empty, Cities.byCode("3100"), List.of());
        try (CounterLog log = CounterLog.open(dir.resolve("counter-2"));
                PinUnblocking pins = new PinUnblocking(InsuredRegister.read(empty), issuer.master(
                        KeyPurpose.PIN_RELOAD, Cities.byCode("3100")), dir.resolve("pins-2"), clock)) {
            assertThat(new Counter("NBH002", Cities.byCode("3302"), log, clock).unblockOnline(channel(citizen()),
                    "246810", Map.of(Cities.byCode("3100"), pins), apdus).refused())
                    .isEqualTo("Shanghai (3100) refuses: card *****5678 is not in the register of Shanghai (3100)");
        }
    }

    /** Amounts out of range are refused at the counter before the card is touched: no PIN try spent, nothing kept. */
    @Test
    void anAmountOutOfRangeIsRefusedBeforeTheCardIsTouched() throws Exception {
        try (CounterLog log = CounterLog.open(dir.resolve("counter")); MedicalHost shanghai = shanghaiMedicalHost()) {
            Counter counter = new Counter("NBH001", Cities.byCode("3302"), log, clock);
            CardOs card = citizen();
            Map<City, MedicalAuthoriser> homes = Map.of(Cities.byCode("3100"), shanghai);
            for (long bill : new long[] {0, -100, 0x1_0000_0000L}) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> counter.claimOnline(channel(card), "000000",
                        bill, WARD, homes, apdus)).as("bill of %d fen", bill)
                        .hasMessageContaining("a bill is 0.01 to 42949672.95 yuan");
            }
            // Three wrong PINs were never sent: the card still has its three tries.
            assertThat(counter.claimOnline(channel(card), "000000", 500, WARD, homes, apdus).refused())
                    .isEqualTo("wrong PIN, 2 tries left");
            assertThat(log.claims()).isEmpty();
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
