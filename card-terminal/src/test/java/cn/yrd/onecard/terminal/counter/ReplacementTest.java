package cn.yrd.onecard.terminal.counter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.yrd.onecard.card.CardSerial;
import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.crypto.KeyPurpose;
import cn.yrd.onecard.record.TransitRecord;
import cn.yrd.onecard.registry.TerminalRegistry;
import cn.yrd.onecard.sim.card.CardOs;
import cn.yrd.onecard.sim.card.SimCards;
import cn.yrd.onecard.sim.card.Tearing;
import cn.yrd.onecard.sim.card.TestIssuer;
import cn.yrd.onecard.sim.pcsc.SimReader;
import cn.yrd.onecard.sim.pcsc.SimReaders;
import cn.yrd.onecard.terminal.host.LoadHost;
import cn.yrd.onecard.terminal.host.LoadHostClient;
import cn.yrd.onecard.terminal.host.LoadHostServer;
import cn.yrd.onecard.terminal.journal.Journal;
import cn.yrd.onecard.terminal.kiosk.Kiosk;
import cn.yrd.onecard.terminal.reader.CardRemovedException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.smartcardio.CardChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lost card replaced at Ningbo's counter: the old card's 23.45 yuan end on the new card once, whether the run goes
 * through, is run again after it went through, loses the card at CREDIT, or finds the load host down; the centre
 * (a stand-in here that keeps its promise: one replacement per card, the same answer to the same key; the real one is
 * {@link CentreCounter} against docs/settlement.md's API) is asked each time and never decides twice.
 */
class ReplacementTest {
    private static final String COUNTER_NO = "000000003302";
    private static final TerminalRegistry LOADERS = TerminalRegistry.of(List.of(new TerminalRegistry.Terminal(
            COUNTER_NO, Cities.byCode("3302"), "0000000000003302", "KIOSK3302")));
    private static final CardSerial OLD = CardSerial.of("3302000000000041");
    private static final long MOVED = 2345;

    @TempDir
    Path dir;

    final TestIssuer issuer = new TestIssuer();
    final SimReaders readers = new SimReaders();
    final SimReader reader = readers.plug("Counter-1");
    final AtomicInteger apdus = new AtomicInteger();
    final StandInCentre centre = new StandInCentre();
    LoadHost host;
    LoadHostServer server;
    Journal journal;
    Replacement replacement;

    /** The centre as docs/settlement.md promises it: one decision per card, the same answer to the same key. */
    static final class StandInCentre implements Replacement.Centre {
        final Map<CardSerial, String> decided = new HashMap<>();
        int asked;

        @Override
        public long replace(CardSerial old, CardSerial newCard, String key) throws IOException {
            asked++;
            String before = decided.putIfAbsent(old, key);
            if (before != null && !before.equals(key)) {
                throw new IOException("the centre refused the replacement (400): card was replaced already: once only");
            }
            return MOVED;
        }
    }

    @BeforeEach
    void start() throws Exception {
        host = new LoadHost(c -> issuer.master(KeyPurpose.LOAD, c), LOADERS, LoadHost.DAILY_LIMIT, dir.resolve("host"));
        server = new LoadHostServer(host, "127.0.0.1", 0);
        journal = Journal.open(dir.resolve("counter"));
        replacement = new Replacement(centre, new Kiosk(COUNTER_NO, Cities.byCode("3302"), "0000000000003302",
                "00000000000000C1", journal, new LoadHostClient(URI.create("http://127.0.0.1:" + server.port())),
                Clock.systemDefaultZone()), journal);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        host.close();
        journal.close();
    }

    @Test
    void theOldCardsMoneyEndsOnTheNewCardOnceEvenWhenTheReplacementIsRunAgain() throws Exception {
        CardOs fresh = issuer.card("3302", "3302000000009041", 0);

        Replacement.Outcome first = replacement.replace(channel(fresh), OLD, apdus);
        Replacement.Outcome again = replacement.replace(channel(fresh), OLD, apdus);

        assertThat(first).isEqualTo(new Replacement.Outcome(MOVED, true, MOVED));
        assertThat(again).isEqualTo(new Replacement.Outcome(MOVED, false, MOVED));
        assertThat(SimCards.balance(fresh)).isEqualTo(MOVED);
        assertThat(journal.completed()).singleElement().satisfies(r -> {
            assertThat(r.cardSerial()).isEqualTo(CardSerial.of("3302000000009041"));
            assertThat(r.fareRule()).isEqualTo(Kiosk.TRANSFER);
            assertThat(r.amount()).isEqualTo(MOVED);
        });
        assertThat(host.authorisations()).isEqualTo(1);
        assertThat(centre.asked).isEqualTo(2);
    }

    @Test
    void aCardPulledAtCreditIsSettledFromItsLogAndNotLoadedTwice() throws Exception {
        CardOs fresh = issuer.card("3302", "3302000000009042", 0);
        // The counter reads the new card (SELECT EP), then loads it (SELECT EP, INITIALIZE FOR LOAD, CREDIT): the card
        // credits itself, the answer is lost.
        fresh.plan(Tearing.beforeAnswer(4));
        assertThatThrownBy(() -> replacement.replace(channel(fresh), OLD, apdus))
                .isInstanceOf(CardRemovedException.class);
        assertThat(SimCards.balance(fresh)).isEqualTo(MOVED);

        Replacement.Outcome rerun = replacement.replace(channel(fresh), OLD, apdus);

        assertThat(rerun).isEqualTo(new Replacement.Outcome(MOVED, false, MOVED));
        assertThat(SimCards.balance(fresh)).isEqualTo(MOVED);
        assertThat(journal.completed()).extracting(TransitRecord::tac).containsExactly(Kiosk.NO_TAC);
    }

    @Test
    void aLoadThatNeverReachedTheCardOrAHostThatWasDownIsLoadedOnTheNextRun() throws Exception {
        CardOs fresh = issuer.card("3302", "3302000000009043", 0);
        fresh.plan(Tearing.afterWrite(1));
        assertThatThrownBy(() -> replacement.replace(channel(fresh), OLD, apdus))
                .isInstanceOf(CardRemovedException.class);
        assertThat(SimCards.balance(fresh)).isZero();

        server.close();
        assertThatThrownBy(() -> replacement.replace(channel(fresh), OLD, apdus)).isInstanceOf(IOException.class);
        assertThat(SimCards.balance(fresh)).isZero();

        server = new LoadHostServer(host, "127.0.0.1", 0);
        Replacement later = new Replacement(centre, new Kiosk(COUNTER_NO, Cities.byCode("3302"), "0000000000003302",
                "00000000000000C1", journal, new LoadHostClient(URI.create("http://127.0.0.1:" + server.port())),
                Clock.systemDefaultZone()), journal);
        assertThat(later.replace(channel(fresh), OLD, apdus)).isEqualTo(new Replacement.Outcome(MOVED, true, MOVED));
        assertThat(SimCards.balance(fresh)).isEqualTo(MOVED);
    }

    @Test
    void theLostCardCannotReplaceItselfAndTheCentresRefusalLoadsNothing() throws Exception {
        CardOs lost = issuer.card("3302", OLD.digits(), 500);
        assertThatThrownBy(() -> replacement.replace(channel(lost), OLD, apdus))
                .hasMessage("the card in the reader is the lost card itself, not its replacement");

        CardOs first = issuer.card("3302", "3302000000009044", 0);
        replacement.replace(channel(first), OLD, apdus);
        CardOs second = issuer.card("3302", "3302000000009045", 0);
        assertThatThrownBy(() -> replacement.replace(channel(second), OLD, apdus)).hasMessageContaining("once only");
        assertThat(SimCards.balance(second)).isZero();
        assertThat(SimCards.balance(first)).isEqualTo(MOVED);
    }

    private CardChannel channel(CardOs card) throws Exception {
        reader.field().present(card);
        return readers.terminalFactory().terminals().getTerminal("Counter-1 PICC").connect("*").getBasicChannel();
    }
}
