package cn.yrd.onecard.terminal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.sim.card.CardOs;
import cn.yrd.onecard.sim.card.SimCards;
import cn.yrd.onecard.sim.card.SimulatedCard;
import cn.yrd.onecard.sim.card.TestIssuer;
import cn.yrd.onecard.sim.pcsc.SimReader;
import cn.yrd.onecard.sim.pcsc.SimReaders;
import cn.yrd.onecard.terminal.fare.FareTable;
import cn.yrd.onecard.terminal.fare.Ride;
import cn.yrd.onecard.terminal.gate.Gate;
import cn.yrd.onecard.terminal.gate.GateConfig;
import cn.yrd.onecard.hotlist.Hotlist;
import cn.yrd.onecard.terminal.journal.Journal;
import cn.yrd.onecard.terminal.reader.CardRemovedException;
import cn.yrd.onecard.terminal.reader.ReaderLink;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Readers pulled out and put back while the validator runs; cards swapped in the middle of a purchase. */
class ReaderLifeTest {
    @TempDir
    Path dir;

    final TestIssuer issuer = new TestIssuer();

    @Test
    void theValidatorSaysTheReaderFailedWaitsForItAndCarriesOn() throws Exception {
        SimReaders readers = new SimReaders();
        SimReader bus = readers.plug("Bus-7");
        bus.sam().present(issuer.psam("0000AB12CD34"));
        CardOs card = issuer.card("3205", "0000000000000505", 1000);
        ValidatorRun validator = new ValidatorRun(readers, "Bus-7", dir.resolve("Bus-7"), 1);
        validator.await("validator in Suzhou");
        readers.unplug("Bus-7");
        validator.await("reader failed");
        SimReader back = readers.plug("Bus-7");
        back.sam().present(issuer.psam("0000AB12CD34"));
        validator.await("reader Bus-7 PICC is back");
        back.field().present(card);
        assertThat(validator.exit()).isZero();
        assertThat(validator.printed()).containsPattern("OPEN +\\*+0505 Suzhou \\(3205\\) fare 2\\.00");
        assertThat(SimCards.balance(card)).isEqualTo(800);
    }

    @Test
    void twoCardsInTheFieldAreRefusedUntilOneIsPresentedAlone() throws Exception {
        SimReaders readers = new SimReaders();
        SimReader bus = readers.plug("Bus-8");
        bus.sam().present(issuer.psam("0000AB12CD34"));
        CardOs mine = issuer.card("3205", "0000000000000701", 1000);
        CardOs other = issuer.card("3205", "0000000000000702", 1000);
        ValidatorRun validator = new ValidatorRun(readers, "Bus-8", dir.resolve("Bus-8"), 1);
        validator.await("validator in Suzhou");
        bus.field().presentTogether(mine, other);
        validator.await("REFUSE card could not be read (more than one card in the field of Bus-8 PICC): present one card");
        bus.field().remove();
        Thread.sleep(200);
        bus.field().present(mine);
        assertThat(validator.exit()).isZero();
        assertThat(SimCards.balance(mine)).isEqualTo(800);
        assertThat(SimCards.balance(other)).isEqualTo(1000);
    }

    @Test
    void aReaderThatStopsAnsweringIsReportedAndTheValidatorCarriesOnWhenItAnswersAgain() throws Exception {
        SimReaders readers = new SimReaders();
        SimReader bus = readers.plug("Bus-9");
        bus.sam().present(issuer.psam("0000AB12CD34"));
        CardOs card = issuer.card("3205", "0000000000000801", 1000);
        ValidatorRun validator = new ValidatorRun(readers, "Bus-9", dir.resolve("Bus-9"), 1);
        validator.await("validator in Suzhou");
        bus.stopAnswering(300);
        bus.field().present(card);
        validator.await("reader failed");
        assertThat(validator.printed()).contains("SCARD_E_TIMEOUT");
        // The passenger gives up while the reader is silent, and taps again once it is back.
        bus.field().remove();
        bus.answerAgain();
        validator.await("reader Bus-9 PICC is back");
        bus.field().present(card);
        assertThat(validator.exit()).isZero();
        assertThat(SimCards.balance(card)).as("charged once").isEqualTo(800);
    }

    @Test
    void aCardSwappedInBeforeDebitIsNotChargedAndTheFirstPaysOnceWhenItReturns() throws Exception {
        SimReaders readers = new SimReaders();
        SimReader gateReader = readers.plug("Gate-9");
        gateReader.sam().present(issuer.psam("0000AB12CD34"));
        var terminals = readers.terminalFactory().terminals();
        ReaderLink link = new ReaderLink(terminals.getTerminal("Gate-9 PICC"), terminals.getTerminal("Gate-9 SAM"));
        var sam = link.openSam();
        try (Journal journal = Journal.open(dir)) {
            Gate gate = new Gate(new GateConfig(Ride.Kind.BUS, Cities.byCode("3205"), 5, 0, "0000000000003205",
                    "0000000000000009"), FareTable.parse("{\"version\":1,\"cities\":{\"3205\":{\"bus\":{\"default\":200}}}}",
                            "t"), journal, Hotlist.empty(), Clock.systemDefaultZone());
            CardOs first = issuer.card("3205", "0000000000000601", 1000);
            CardOs second = issuer.card("3205", "0000000000000602", 1000);
            // After the first card answers its 4th command (SELECT, INIT, the two CAPP updates: just before DEBIT), a
            // second card replaces it: the DEBIT meant for the first must not reach the second.
            gateReader.field().present(new SwapAfter(first, 4, () -> gateReader.field().present(second)));
            assertThatThrownBy(() -> gate.tap(link.connectCard().getBasicChannel(), sam, link.apduCounter()))
                    .isInstanceOf(CardRemovedException.class);
            assertThat(SimCards.balance(second)).as("the swapped-in card is not charged").isEqualTo(1000);
            assertThat(journal.pending()).hasSize(1);

            gateReader.field().present(first);
            var again = gate.tap(link.connectCard().getBasicChannel(), sam, link.apduCounter());
            assertThat(again.open()).isTrue();
            assertThat(again.fare()).as("the unfinished purchase proved void, this tap charges").isEqualTo(200);
            assertThat(SimCards.balance(first)).isEqualTo(800);
            assertThat(journal.completed()).hasSize(1);
            assertThat(journal.pending()).isEmpty();
        }
    }

    /** A card that, after answering its n-th command, has another card put in its place. */
    private record SwapAfter(CardOs card, int n, Runnable swap, int[] count) implements SimulatedCard {
        SwapAfter(CardOs card, int n, Runnable swap) {
            this(card, n, swap, new int[1]);
        }

        @Override
        public byte[] atr() {
            return card.atr();
        }

        @Override
        public void powerOn() {
            card.powerOn();
        }

        @Override
        public void powerOff() {
            card.powerOff();
        }

        @Override
        public byte[] transmit(byte[] command) {
            byte[] r = card.transmit(command);
            if (++count[0] == n) {
                swap.run();
            }
            return r;
        }

        @Override
        public String label() {
            return card.label();
        }
    }
}
