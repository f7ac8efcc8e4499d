package cn.yrd.onecard.sim.pcsc;

import static cn.yrd.onecard.TestHex.hex;
import static cn.yrd.onecard.TestHex.hexOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.yrd.onecard.sim.card.CardOs;
import cn.yrd.onecard.sim.card.Tearing;
import cn.yrd.onecard.sim.card.TestIssuer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CardNotPresentException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;
import javax.smartcardio.TerminalFactory;
import org.junit.jupiter.api.Test;

/** Terminal code's view of the simulated readers: nothing but the standard javax.smartcardio API. */
class SimProviderTest {
    static final String SELECT_EP = "00A4040008A000000632010105";

    private final TestIssuer issuer = new TestIssuer();
    private final SimReaders readers = new SimReaders();
    private final SimReader gate = readers.plug("Gate-1");

    @Test
    void theFactoryListsAPiccAndASamTerminalPerReader() throws Exception {
        OneCardSimProvider.install();
        TerminalFactory factory = TerminalFactory.getInstance("OneCardSim", readers);
        assertThat(factory.getType()).isEqualTo("OneCardSim");
        CardTerminals terminals = factory.terminals();
        assertThat(terminals.list()).extracting(CardTerminal::getName).containsExactly("Gate-1 PICC", "Gate-1 SAM");
        assertThat(terminals.list(CardTerminals.State.CARD_PRESENT)).isEmpty();

        gate.sam().present(issuer.psam("0000AB12CD34"));
        assertThat(terminals.list(CardTerminals.State.CARD_PRESENT)).extracting(CardTerminal::getName)
                .containsExactly("Gate-1 SAM");
        assertThatThrownBy(() -> TerminalFactory.getInstance("OneCardSim", "not readers"))
                .rootCause().hasMessageContaining("OneCardSim needs the SimReaders");
    }

    @Test
    void aCardTappedFromAnotherThreadWakesTheWaitingTerminal() throws Exception {
        CardTerminal picc = readers.terminalFactory().terminals().getTerminal("Gate-1 PICC");
        assertThat(picc.waitForCardPresent(50)).as("times out with no card").isFalse();

        CardOs card = issuer.card("3205", "0000000000000001", 500);
        CompletableFuture<Void> tap = CompletableFuture.runAsync(() -> {
            sleep(100);
            gate.field().present(card);
        });
        assertThat(picc.waitForCardPresent(5000)).isTrue();
        tap.get(5, TimeUnit.SECONDS);
        assertThat(picc.isCardPresent()).isTrue();

        CompletableFuture.runAsync(() -> {
            sleep(100);
            gate.field().remove();
        });
        assertThat(picc.waitForCardAbsent(5000)).isTrue();
    }

    @Test
    void waitForChangeReportsInsertionsAndRemovals() throws Exception {
        CardTerminals terminals = readers.terminalFactory().terminals();
        CompletableFuture.runAsync(() -> {
            sleep(100);
            gate.field().present(issuer.card("3205", "0000000000000002", 500));
        });
        assertThat(terminals.waitForChange(5000)).isTrue();
        assertThat(terminals.list(CardTerminals.State.CARD_INSERTION)).extracting(CardTerminal::getName)
                .containsExactly("Gate-1 PICC");
        assertThat(terminals.waitForChange(50)).as("nothing changed since").isFalse();
        gate.field().remove();
        assertThat(terminals.waitForChange(5000)).isTrue();
        assertThat(terminals.list(CardTerminals.State.CARD_REMOVAL)).extracting(CardTerminal::getName)
                .containsExactly("Gate-1 PICC");
    }

    @Test
    void apdusGoThroughTheStandardChannelWhichHandles6CxxAnd61xx() throws Exception {
        gate.field().present(issuer.card("3205", "0000000000000003", 2000));
        Card card = readers.terminalFactory().terminals().getTerminal("Gate-1 PICC").connect("*");
        assertThat(card.getProtocol()).isEqualTo("T=1");
        assertThat(hexOf(card.getATR().getBytes())).startsWith("3B8A8001");
        CardChannel channel = card.getBasicChannel();
        assertThat(channel.transmit(new CommandAPDU(hex(SELECT_EP))).getSW()).isEqualTo(0x9000);

        ResponseAPDU balance = channel.transmit(new CommandAPDU(hex("805C000202")));
        assertThat(hexOf(balance.getBytes())).as("resent with Le 04 after 6C04").isEqualTo("000007D09000");
        ResponseAPDU init = channel.transmit(new CommandAPDU(hex("805001020B01000000640000AB12CD3405")));
        assertThat(init.getData()).as("fetched with GET RESPONSE after 610F").hasSize(15);
        assertThat(init.getSW()).isEqualTo(0x9000);
    }

    @Test
    void aCardThatLeavesIsNotPresentAndAReaderThatLeavesHasFailed() throws Exception {
        CardOs first = issuer.card("3205", "0000000000000004", 2000);
        gate.field().present(first);
        CardTerminal picc = readers.terminalFactory().terminals().getTerminal("Gate-1 PICC");
        CardChannel channel = picc.connect("*").getBasicChannel();
        channel.transmit(new CommandAPDU(hex(SELECT_EP)));

        gate.field().present(issuer.card("3205", "0000000000000005", 100));
        assertThatThrownBy(() -> channel.transmit(new CommandAPDU(hex("805C000204"))))
                .as("swapped card").isInstanceOf(CardNotPresentException.class).hasMessageContaining("card removed");

        CardChannel second = picc.connect("*").getBasicChannel();
        second.transmit(new CommandAPDU(hex(SELECT_EP)));
        ((CardOs) gate.field().card()).plan(Tearing.beforeAnswer(1));
        assertThatThrownBy(() -> second.transmit(new CommandAPDU(hex("805C000204"))))
                .as("torn").isInstanceOf(CardNotPresentException.class);
        assertThat(picc.isCardPresent()).as("a torn card has left the field").isFalse();

        gate.field().present(first);
        CardChannel third = picc.connect("*").getBasicChannel();
        readers.unplug("Gate-1");
        assertThatThrownBy(() -> third.transmit(new CommandAPDU(hex(SELECT_EP))))
                .isInstanceOf(CardException.class).isNotInstanceOf(CardNotPresentException.class)
                .hasMessage("reader of Gate-1 PICC is unplugged");
        assertThat(readers.terminalFactory().terminals().list()).isEmpty();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
