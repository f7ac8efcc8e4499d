package cn.yrd.onecard.terminal.kiosk;

import cn.yrd.onecard.card.PublicInfo;
import cn.yrd.onecard.card.PurseLogEntry;
import cn.yrd.onecard.card.TransactionType;
import cn.yrd.onecard.card.TripRecord;
import cn.yrd.onecard.card.CardSerial;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.record.TransitRecord;
import cn.yrd.onecard.purse.LoadInit;
import cn.yrd.onecard.terminal.card.PurseCard;
import cn.yrd.onecard.terminal.host.LoadAuthorisation;
import cn.yrd.onecard.terminal.host.LoadHost;
import cn.yrd.onecard.terminal.host.LoadAuthoriser;
import cn.yrd.onecard.terminal.host.LoadRequest;
import cn.yrd.onecard.terminal.journal.Journal;
import cn.yrd.onecard.terminal.reader.Apdus;
import cn.yrd.onecard.terminal.reader.TerminalException;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.smartcardio.CardChannel;
import org.apache.commons.codec.DecoderException;
import org.apache.commons.codec.binary.Hex;

/**
 * A kiosk: shows a card's balance, its last 10 transactions and trips, and tops it up online: the card's
 * MAC1 goes to the issuing city's host, whose MAC2 lets the card credit itself. The load is journaled
 * like a purchase (intent before CREDIT, completion with the TAC) and goes into the kiosk's day file.
 */
public final class Kiosk {
    /** Unproven loads carry this TAC: clearing suspends them for finance staff to release. */
    public static final String NO_TAC = "00000000";
    /** What a load is for, in its record's fare-rule field: cash paid at a kiosk. */
    public static final String TOPUP = "TOPUP";
    /** A lost card's balance moved onto its replacement at a counter (counter.Replacement). */
    public static final String TRANSFER = "TRANSFER";

    private final String terminalNo;
    private final City city;
    private final String operatorId;
    private final String deviceId;
    private final Journal journal;
    private final LoadAuthoriser host;
    private final Clock clock;

    public Kiosk(String terminalNo, City city, String operatorId, String deviceId, Journal journal,
            LoadAuthoriser host, Clock clock) {
        this.terminalNo = terminalNo;
        this.city = city;
        this.operatorId = operatorId;
        this.deviceId = deviceId;
        this.journal = journal;
        this.host = host;
        this.clock = clock;
    }

    /** What a kiosk screen shows of a card. */
    public record CardView(PublicInfo info, long balance, List<PurseLogEntry> transactions, List<TripRecord> trips) {
    }

    /** A top-up's outcome. */
    public record TopUp(boolean done, String reason, long balance, TransitRecord record) {
    }

    public CardView inspect(CardChannel channel, AtomicInteger apdus) throws TerminalException {
        PurseCard card = new PurseCard(new Apdus(channel, "card", apdus));
        PublicInfo info = card.select().info();
        return new CardView(info, card.balance(), card.log(10), card.trips(10));
    }

    /** Loads {@code amount} fen: more than nothing, and no more than a card may ever hold (the edge's range check). */
    public TopUp topUp(CardChannel channel, long amount, AtomicInteger apdus) throws TerminalException, IOException {
        return load(channel, amount, TOPUP, apdus);
    }

    /**
     * Selects the card in the field and settles a load this terminal left unfinished on it (torn at CREDIT: the
     * card's log says whether it happened); returns the card's serial.
     */
    public CardSerial settle(CardChannel channel, AtomicInteger apdus) throws TerminalException, IOException {
        PurseCard card = new PurseCard(new Apdus(channel, "card", apdus));
        PublicInfo info = card.select().info();
        settlePending(card, info);
        return info.cardSerial();
    }

    /** Loads {@code amount} fen for {@code purpose} ({@link #TOPUP} or {@link #TRANSFER}). */
    public TopUp load(CardChannel channel, long amount, String purpose, AtomicInteger apdus) throws TerminalException,
            IOException {
        if (amount <= 0 || amount > LoadHost.MAX_BALANCE) {
            throw new IllegalArgumentException("a top-up is 0.01 to " + LoadHost.MAX_BALANCE / 100 + " yuan, not "
                    + amount + " fen");
        }
        PurseCard card = new PurseCard(new Apdus(channel, "card", apdus));
        PurseCard.Selected selected = card.select();
        PublicInfo info = selected.info();
        if (selected.blocked()) {
            return new TopUp(false, "card blocked", 0, null);
        }
        settlePending(card, info);
        LocalDateTime now = LocalDateTime.now(clock).truncatedTo(ChronoUnit.SECONDS);
        LoadInit init = card.initLoad(amount, terminalNo);
        long seq = journal.nextSeq();
        LoadRequest request = new LoadRequest(requestId(terminalNo, seq), info.cardSerial(), info.issuerId().city(),
                init.algorithm(), init.onlineAtc(), Hex.encodeHexString(init.random(), false), init.balance(), amount,
                terminalNo, now, Hex.encodeHexString(init.mac1(), false));
        LoadAuthorisation answer = host.authorise(request);
        if (!answer.approved()) {
            return new TopUp(false, "the issuer refused: " + answer.reason(), init.balance(), null);
        }
        TransitRecord intent = new TransitRecord(TransactionType.LOAD, info.cardSerial(), info.issuerId().city(),
                info.cardType(), info.expiryDate(), init.onlineAtc(), amount, init.balance(), now, terminalNo, seq,
                init.algorithm(), init.keyVersion(), NO_TAC, city, operatorId, deviceId, null, 0, 0, 0, purpose);
        long intentSeq = journal.intent(intent);
        byte[] mac2;
        try {
            mac2 = Hex.decodeHex(answer.mac2());
        } catch (DecoderException e) {
            throw new IOException("load host sent a MAC2 that is not hex", e);
        }
        byte[] tac = card.credit(now, mac2);
        TransitRecord done = journal.complete(intentSeq, Hex.encodeHexString(tac, false));
        return new TopUp(true, null, init.balance() + amount, done);
    }

    /** The id of the load request behind a kiosk's journal entry (a top-up it abandoned, say). */
    public static String requestId(Journal.Intent intent) {
        return requestId(intent.record().terminalNo(), intent.seq());
    }

    /** A kiosk numbers its requests with its journal's entries: unique for the terminal, kept across restarts. */
    private static String requestId(String terminalNo, long journalSeq) {
        return terminalNo + "-" + journalSeq;
    }

    /**
     * A load whose CREDIT got no answer: the card's newest log record says whether it happened. A load has
     * no GET TRANSACTION PROVE, so one that did is recorded without its TAC, for clearing to suspend and
     * finance staff to release.
     */
    private void settlePending(PurseCard card, PublicInfo info) throws TerminalException, IOException {
        Optional<Journal.Intent> pending = journal.pendingFor(info.cardSerial());
        if (pending.isEmpty() || pending.get().record().type() != TransactionType.LOAD) {
            return;
        }
        TransitRecord r = pending.get().record();
        List<PurseLogEntry> newest = card.log(1);
        boolean happened = !newest.isEmpty() && newest.get(0).type() == TransactionType.LOAD
                && newest.get(0).atc() == r.atc() + 1 && newest.get(0).amount() == r.amount()
                && newest.get(0).terminalNo().equals(r.terminalNo());
        if (happened) {
            journal.complete(pending.get().seq(), NO_TAC);
        } else {
            journal.abandon(pending.get().seq(), "the card's log shows no such load");
        }
    }
}
