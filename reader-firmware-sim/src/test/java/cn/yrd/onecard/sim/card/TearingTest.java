package cn.yrd.onecard.sim.card;

import static cn.yrd.onecard.sim.card.TestIssuer.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.yrd.onecard.apdu.ResponseApdu;
import cn.yrd.onecard.card.CardSerial;
import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.crypto.CardAlgorithm;
import cn.yrd.onecard.crypto.KeyPurpose;
import cn.yrd.onecard.crypto.Purchase;
import cn.yrd.onecard.crypto.TacVerifier;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Pulling the card at every internal write of a purchase: the purse changes all together or not at all. */
class TearingTest {
    private final TestIssuer issuer = new TestIssuer();
    private final TacVerifier clearing = new TacVerifier(c -> issuer.master(KeyPurpose.TAC, c));

    @Test
    void aPurchaseTornAtAnyInternalWriteIsWhollyDoneOrWhollyUndone() {
        int undone = 0;
        int done = 0;
        for (int k = 1; k <= 12; k++) {
            CardOs card = issuer.card("3301", "0000000000000042", 2000);
            Torn outcome = purchaseTornAt(card, Tearing.afterWrite(k));
            card.powerOn();
            send(card, PurseTest.SELECT_EP);
            String balance = send(card, PurseTest.GET_BALANCE).toHex();
            ResponseApdu proof = send(card, "805A000602" + "0001");
            if (balance.equals("000007D09000")) {
                undone++;
                assertThat(proof.toHex()).as("k=%d: no proof of a purchase that did not happen", k).isEqualTo("9406");
                assertThat(send(card, "00B201C400").toHex()).as("k=%d: no log record", k).isEqualTo("6A83");
            } else {
                done++;
                assertThat(balance).as("k=%d: charged exactly once", k).isEqualTo("000006A49000");
                assertThat(send(card, "00B201C400").data()).as("k=%d: logged", k).hasSize(23);
                byte[] tac = Arrays.copyOfRange(proof.data(), 4, 8);
                assertThat(clearing.verifyPurchase(Cities.byCode("3301"), CardAlgorithm.TRIPLE_DES,
                        CardSerial.of("0000000000000042"), outcome.purchase(), tac))
                        .as("k=%d: the proof's TAC is the purchase's", k).isTrue();
            }
        }
        // DEBIT journals 4 changes and a commit mark: tears at writes 1..5 undo, later ones complete.
        assertThat(undone).isEqualTo(5);
        assertThat(done).isEqualTo(7);
    }

    @Test
    void aDebitWhoseAnswerIsLostHappenedAndCanBeProved() {
        CardOs card = issuer.card("3100", "0000000000000007", 1000);
        Torn outcome = purchaseTornAt(card, Tearing.beforeAnswer(1));
        assertThat(outcome.torn()).isTrue();
        card.powerOn();
        send(card, PurseTest.SELECT_EP);
        assertThat(send(card, PurseTest.GET_BALANCE).toHex()).isEqualTo("000002BC9000");
        ResponseApdu proof = send(card, "805A000602" + "0001");
        assertThat(clearing.verifyPurchase(Cities.byCode("3100"), CardAlgorithm.TRIPLE_DES,
                CardSerial.of("0000000000000007"), outcome.purchase(), Arrays.copyOfRange(proof.data(), 4, 8))).isTrue();
    }

    @Test
    void aTornCardIsOutOfPowerUntilItIsTappedAgain() {
        CardOs card = issuer.card("3100", "0000000000000008", 1000);
        send(card, PurseTest.SELECT_EP);
        card.plan(Tearing.beforeAnswer(1));
        assertThatThrownBy(() -> send(card, PurseTest.GET_BALANCE)).isInstanceOf(CardTornException.class)
                .hasMessage("card torn before answering command 1");
        assertThat(card.isPowered()).isFalse();
    }

    record Torn(boolean torn, Purchase purchase) {
    }

    /** A gate's purchase of 300 fen, with {@code plan} armed just before DEBIT (DEBIT is command 1). */
    private Torn purchaseTornAt(CardOs card, Tearing plan) {
        TestGate gate = new TestGate(issuer.psam("0000AB12CD34"), "0000AB12CD34");
        TestGate.Debit prepared = gate.prepare(card, 300, false);
        card.plan(plan);
        try {
            send(card, prepared.command());
            return new Torn(false, prepared.purchase());
        } catch (CardTornException e) {
            return new Torn(true, prepared.purchase());
        }
    }
}
