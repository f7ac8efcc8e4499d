package cn.yrd.onecard.terminal.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.yrd.onecard.card.CardType;
import cn.yrd.onecard.crypto.KeyPurpose;
import cn.yrd.onecard.crypto.TacVerifier;
import cn.yrd.onecard.record.TransitRecord;
import cn.yrd.onecard.sim.card.CardOs;
import cn.yrd.onecard.sim.card.SimCards;
import cn.yrd.onecard.sim.card.Tearing;
import cn.yrd.onecard.terminal.fare.Ride;
import cn.yrd.onecard.terminal.reader.CardRemovedException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.apache.commons.codec.binary.Hex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cards pulled at every point of a purchase (card-profile.md §5): the next tap completes or abandons the
 * purchase with GET TRANSACTION PROVE, and no purchase is ever lost or recorded twice.
 */
class TearingRecoveryTest {
    /**
     * A Suzhou bus tap: 7 APDUs, 5 of them the card's (SELECT, INIT, two CAPP updates, DEBIT); DEBIT commits 6 changes
     * (balance, ATC, log, 0x1A, 0x1E, proof).
     */
    static final int APDUS_PER_TAP = 7;
    static final int DEBIT = 5;
    static final int DEBIT_WRITES = 6 + 1 + 6;

    @TempDir
    Path dir;

    @Test
    void aDebitWhoseAnswerWasLostIsCompletedOnTheNextTapAndNotChargedAgain() throws Exception {
        try (GateHarness h = new GateHarness(dir, Ride.Kind.BUS, "3205", 0)) {
            CardOs card = h.card("3205", CardType.NORMAL, 1000);
            card.plan(Tearing.beforeAnswer(DEBIT));
            assertThatThrownBy(() -> h.tap(card)).isInstanceOf(CardRemovedException.class);
            assertThat(h.journal.pending()).hasSize(1);
            assertThat(SimCards.balance(card)).as("the card was charged").isEqualTo(800);

            TapResult next = h.tap(card);
            assertThat(next.open()).isTrue();
            assertThat(next.reason()).isEqualTo("previous tap completed (proved by the card)");
            assertThat(SimCards.balance(card)).as("not charged twice").isEqualTo(800);
            assertThat(h.journal.pending()).isEmpty();
            TransitRecord record = h.journal.completed().get(0);
            TacVerifier clearing = new TacVerifier(c -> h.issuer.master(KeyPurpose.TAC, c));
            assertThat(clearing.verifyPurchase(record.issuer(), record.algorithm(), record.cardSerial(),
                    record.purchase(), Hex.decodeHex(record.tac()))).as("the proved TAC").isTrue();
        }
    }

    @Test
    void aDebitThatNeverTookEffectIsAbandonedAndTheNextTapCharges() throws Exception {
        try (GateHarness h = new GateHarness(dir, Ride.Kind.BUS, "3205", 0)) {
            CardOs card = h.card("3205", CardType.NORMAL, 1000);
            card.plan(Tearing.afterWrite(2));
            assertThatThrownBy(() -> h.tap(card)).isInstanceOf(CardRemovedException.class);
            assertThat(SimCards.balance(card)).isEqualTo(1000);

            TapResult next = h.tap(card);
            assertThat(next.open()).isTrue();
            assertThat(next.fare()).isEqualTo(200);
            assertThat(h.journal.completed()).hasSize(1);
            assertThat(SimCards.balance(card)).isEqualTo(800);
        }
    }

    @Test
    void aGateThatCrashesWithAPendingPurchaseSettlesItAfterRestart() throws Exception {
        try (GateHarness h = new GateHarness(dir, Ride.Kind.BUS, "3205", 0)) {
            CardOs card = h.card("3205", CardType.NORMAL, 1000);
            card.plan(Tearing.beforeAnswer(DEBIT));
            assertThatThrownBy(() -> h.tap(card)).isInstanceOf(CardRemovedException.class);
            h.restart(Ride.Kind.BUS, "3205", 0);
            assertThat(h.journal.pending()).as("the intent survived the restart").hasSize(1);
            assertThat(h.tap(card).reason()).isEqualTo("previous tap completed (proved by the card)");
            assertThat(h.journal.completed()).hasSize(1);
        }
    }

    /**
     * Random purchases on random cards, each pulled at a random APDU or internal write (or not at all), each
     * card tapped until it rides: the cards' balances and the journal always agree to the fen.
     */
    @Property(tries = 10)
    void noPurchaseIsLostOrRecordedTwice(@ForAll @LongRange(max = 1_000_000) long seed) throws Exception {
        // jqwik runs properties outside JUnit's lifecycle: no @TempDir here.
        Path journalDir = java.nio.file.Files.createTempDirectory("tearing-property");
        try (GateHarness h = new GateHarness(journalDir, Ride.Kind.BUS, "3205", 0)) {
            Random random = new Random(seed);
            List<CardOs> cards = List.of(h.card("3205", CardType.NORMAL, 100_000), h.card("3301", CardType.STUDENT,
                    100_000), h.card("3100", CardType.NORMAL, 100_000, cn.yrd.onecard.crypto.CardAlgorithm.SM4,
                    java.time.LocalDate.of(2030, 1, 1)));
            Map<CardOs, Long> issued = new HashMap<>();
            cards.forEach(c -> issued.put(c, SimCards.balance(c)));
            int torn = 0;
            for (int ride = 0; ride < 300; ride++) {
                CardOs card = cards.get(random.nextInt(cards.size()));
                switch (random.nextInt(3)) {
                    case 0 -> card.plan(Tearing.beforeAnswer(1 + random.nextInt(APDUS_PER_TAP + 2)));
                    case 1 -> card.plan(Tearing.afterWrite(1 + random.nextInt(DEBIT_WRITES + 2)));
                    default -> card.plan(Tearing.NONE);
                }
                h.clock.advanceMinutes(1 + random.nextInt(30));
                boolean rode = false;
                for (int attempt = 0; attempt < 3 && !rode; attempt++) {
                    try {
                        rode = h.tap(card).open();
                    } catch (CardRemovedException e) {
                        torn++;
                    }
                }
                assertThat(rode).as("ride %d rode within three taps", ride).isTrue();
                if (random.nextInt(50) == 0) {
                    h.restart(Ride.Kind.BUS, "3205", 0);
                }
            }
            assertThat(torn).as("the plan tore something").isPositive();
            h.close();
            try (var files = java.nio.file.Files.walk(journalDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
            assertThat(h.journal.pending()).isEmpty();
            Set<String> seen = new HashSet<>();
            Map<String, Long> recorded = new HashMap<>();
            for (TransitRecord r : h.journal.completed()) {
                assertThat(seen.add(r.cardSerial().digits() + "/" + r.atc())).as("recorded once: %s", r).isTrue();
                recorded.merge(r.cardSerial().digits(), r.amount(), Long::sum);
            }
            for (CardOs card : cards) {
                String serial = card.label().substring(card.label().length() - 4);
                long paid = recorded.entrySet().stream().filter(e -> e.getKey().endsWith(serial))
                        .mapToLong(Map.Entry::getValue).sum();
                assertThat(SimCards.balance(card) + paid).as("balance + recorded purchases of %s", card.label())
                        .isEqualTo(issued.get(card));
            }
        }
    }
}
