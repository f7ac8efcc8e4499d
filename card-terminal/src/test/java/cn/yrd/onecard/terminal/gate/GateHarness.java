package cn.yrd.onecard.terminal.gate;

import cn.yrd.onecard.card.CardSerial;
import cn.yrd.onecard.card.CardType;
import cn.yrd.onecard.card.HolderInfo;
import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.crypto.CardAlgorithm;
import cn.yrd.onecard.crypto.KeyPurpose;
import cn.yrd.onecard.hotlist.Hotlist;
import cn.yrd.onecard.registry.MerchantRegister.Merchant;
import cn.yrd.onecard.registry.OpenBills;
import cn.yrd.onecard.sim.card.CardOs;
import cn.yrd.onecard.sim.card.CardSpec;
import cn.yrd.onecard.sim.card.PurseKeys;
import cn.yrd.onecard.sim.card.SimCards;
import cn.yrd.onecard.sim.card.TestIssuer;
import cn.yrd.onecard.sim.pcsc.SimReader;
import cn.yrd.onecard.sim.pcsc.SimReaders;
import cn.yrd.onecard.terminal.card.SamModule;
import cn.yrd.onecard.terminal.fare.FareTable;
import cn.yrd.onecard.terminal.fare.Ride;
import cn.yrd.onecard.terminal.journal.Journal;
import cn.yrd.onecard.terminal.reader.ReaderLink;
import cn.yrd.onecard.terminal.reader.TerminalException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.smartcardio.Card;
import javax.smartcardio.CardTerminals;

/**
 * A gate on a simulated reader, tapped by simulated cards through the standard javax.smartcardio API, with
 * the fare table of docs/fares.md and a clock the test moves.
 */
final class GateHarness implements AutoCloseable {
    static final String TERMINAL = "0000AB12CD34";

    final TestIssuer issuer = new TestIssuer();
    final MovableClock clock = new MovableClock(LocalDateTime.of(2026, 11, 23, 8, 0));
    final SimReaders readers = new SimReaders();
    final SimReader reader = readers.plug("Gate-1");
    final ReaderLink link;
    final CardOs psam = issuer.psam(TERMINAL);
    SamModule sam;
    final Path journalDir;
    Journal journal;
    Gate gate;
    private int serials;

    GateHarness(Path dir, Ride.Kind kind, String city, int station) throws Exception {
        reader.sam().present(psam);
        CardTerminals terminals = readers.terminalFactory().terminals();
        link = new ReaderLink(terminals.getTerminal("Gate-1 PICC"), terminals.getTerminal("Gate-1 SAM"));
        sam = link.openSam();
        journalDir = dir;
        journal = Journal.open(dir);
        gate = gate(kind, city, station);
    }

    Gate gate(Ride.Kind kind, String city, int station) {
        return new Gate(new GateConfig(kind, Cities.byCode(city), kind == Ride.Kind.BUS ? 5 : 1, station,
                "0000000000003205", "00000000000000A1"), fares(), journal, Hotlist.empty(), clock);
    }

    static FareTable fares() {
        try {
            String doc = Files.readString(Path.of("..", "docs", "fares.md"));
            Matcher m = Pattern.compile("<!-- example:fares -->\\n```json\\n(.*?)```", Pattern.DOTALL).matcher(doc);
            if (!m.find()) {
                throw new IllegalStateException("docs/fares.md has no example table");
            }
            return FareTable.parse(m.group(1), "docs/fares.md");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh card of {@code city} and {@code type}. */
    CardOs card(String city, CardType type, long balance) {
        return card(city, type, balance, CardAlgorithm.TRIPLE_DES, LocalDate.of(2034, 12, 31));
    }

    CardOs card(String city, CardType type, long balance, CardAlgorithm alg, LocalDate expiry) {
        CardSerial serial = CardSerial.of(String.format("%016d", ++serials));
        var c = Cities.byCode(city);
        PurseKeys keys = PurseKeys.diversified(alg, 1, serial, issuer.master(KeyPurpose.PURCHASE, c),
                issuer.master(KeyPurpose.LOAD, c), issuer.master(KeyPurpose.TAC, c),
                issuer.master(KeyPurpose.MAINTENANCE, c));
        return SimCards.issue(new CardSpec(c, type, city + serial.digits(), LocalDate.of(2024, 1, 1), expiry,
                new HolderInfo(type, false, "", "", 0), balance, keys, null), new Random(serials));
    }

    /** Taps {@code card}: in the field, one tap, out of the field. */
    TapResult tap(CardOs card) throws TerminalException, IOException {
        reader.field().present(card);
        try {
            Card c = link.connectCard();
            return gate.tap(c.getBasicChannel(), sam, link.apduCounter());
        } finally {
            reader.field().remove();
        }
    }

    /** A till of {@code merchant} on this harness's reader and PSAM, its journal the gate's. */
    PointOfSale till(Merchant merchant) {
        return new PointOfSale(new SaleConfig(merchant, "00000000000000B7", SaleConfig.DEFAULT_LIMIT), journal,
                Hotlist.empty(), clock);
    }

    /** {@code card} pays {@code amount} fen at {@code till}: in the field, one payment, out of the field. */
    TapResult pay(PointOfSale till, CardOs card, long amount) throws TerminalException, IOException {
        reader.field().present(card);
        try {
            Card c = link.connectCard();
            return till.pay(c.getBasicChannel(), sam, amount, link.apduCounter());
        } finally {
            reader.field().remove();
        }
    }

    /** {@code card} pays {@code bill} at the utilities kiosk {@code till}: in the field, one payment, out. */
    TapResult payBill(PointOfSale till, CardOs card, OpenBills.Bill bill) throws TerminalException, IOException {
        reader.field().present(card);
        try {
            Card c = link.connectCard();
            return till.payBill(c.getBasicChannel(), sam, bill, link.apduCounter());
        } finally {
            reader.field().remove();
        }
    }

    /** Staff put the PSAM back into its slot and the gate opens it again. */
    void reseatPsam() throws TerminalException {
        reader.sam().present(psam);
        sam = link.openSam();
    }

    /** The gate restarts: its journal is recovered from disk. */
    void restart(Ride.Kind kind, String city, int station) throws IOException {
        journal.close();
        journal = Journal.open(journalDir);
        gate = gate(kind, city, station);
    }

    @Override
    public void close() throws IOException {
        journal.close();
    }

    static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(LocalDateTime start) {
            now = start.toInstant(ZoneOffset.UTC);
        }

        void set(LocalDateTime t) {
            now = t.toInstant(ZoneOffset.UTC);
        }

        void advanceMinutes(long minutes) {
            now = now.plusSeconds(60 * minutes);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
