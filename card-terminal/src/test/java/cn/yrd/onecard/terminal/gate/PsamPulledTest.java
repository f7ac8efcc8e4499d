package cn.yrd.onecard.terminal.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.yrd.onecard.card.CardType;
import cn.yrd.onecard.sim.card.CardOs;
import cn.yrd.onecard.sim.card.SimCards;
import cn.yrd.onecard.sim.card.Tearing;
import cn.yrd.onecard.terminal.fare.Ride;
import cn.yrd.onecard.terminal.reader.ReaderFailedException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PSAM pulled from its slot mid-purchase (a loose contact, a technician): no passenger can fix that, so the tap
 * is a reader failure, never "tap again"; a passenger who has paid goes through; nobody pays twice.
 */
class PsamPulledTest {
    @TempDir
    Path dir;

    @Test
    void aPsamPulledBeforeItsMac1LeavesTheCardUnchargedAndTheTapAfterItsReseatChargesOnce() throws Exception {
        try (GateHarness h = new GateHarness(dir, Ride.Kind.BUS, "3205", 0)) {
            CardOs card = h.card("3205", CardType.NORMAL, 1000);
            h.psam.plan(Tearing.beforeAnswer(1)); // INITIALIZE FOR PURCHASE executed, its MAC1 never answered

            assertThatThrownBy(() -> h.tap(card)).isInstanceOf(ReaderFailedException.class)
                    .hasMessageContaining("PSAM left its slot");
            assertThat(SimCards.balance(card)).as("not charged").isEqualTo(1000);
            assertThat(h.journal.completed()).isEmpty();
            assertThat(h.journal.pending()).as("nothing journaled before the card's DEBIT").isEmpty();
            assertThatThrownBy(() -> h.tap(card)).as("until reseated, every tap").isInstanceOf(
                    ReaderFailedException.class);

            h.reseatPsam();
            TapResult again = h.tap(card);

            assertThat(again.open()).isTrue();
            assertThat(SimCards.balance(card)).isEqualTo(800);
            assertThat(h.journal.completed()).hasSize(1);
        }
    }

    @Test
    void aPsamPulledWhileCheckingTheCardsMac2OpensThePaidGateAndTheNextTapIsRefusedBeforeItCharges() throws Exception {
        try (GateHarness h = new GateHarness(dir, Ride.Kind.BUS, "3205", 0)) {
            CardOs paid = h.card("3205", CardType.NORMAL, 1000);
            h.psam.plan(Tearing.beforeAnswer(2)); // MAC1 answered; CREDIT FOR PURCHASE (MAC2) never answered

            TapResult r = h.tap(paid);

            assertThat(r.open()).as("the passenger has paid").isTrue();
            assertThat(r.reason()).contains("PSAM failed checking the card's MAC2");
            assertThat(SimCards.balance(paid)).isEqualTo(800);
            assertThat(h.journal.completed()).hasSize(1);
            assertThat(h.journal.completed().get(0).tac()).as("the card's TAC, for clearing").isNotEqualTo("00000000");

            CardOs next = h.card("3205", CardType.NORMAL, 1000);
            assertThatThrownBy(() -> h.tap(next)).isInstanceOf(ReaderFailedException.class);
            assertThat(SimCards.balance(next)).isEqualTo(1000);
            h.reseatPsam();
            assertThat(h.tap(next).open()).isTrue();
            assertThat(SimCards.balance(next)).isEqualTo(800);
            assertThat(SimCards.balance(paid)).as("never charged twice").isEqualTo(800);
            assertThat(h.journal.completed()).hasSize(2);
        }
    }
}
