package cn.yrd.onecard.terminal.counter;

import cn.yrd.onecard.card.CardSerial;
import cn.yrd.onecard.card.TransactionType;
import cn.yrd.onecard.terminal.journal.Journal;
import cn.yrd.onecard.terminal.kiosk.Kiosk;
import cn.yrd.onecard.terminal.reader.TerminalException;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.smartcardio.CardChannel;

/**
 * A lost card replaced at a city's counter (docs/terminal.md, "Replacing a lost card"). The centre decides the
 * replacement and says how much the old card held (once: the same request again gets the same answer); the counter's
 * load terminal then loads that amount onto the new card through the new card's issuer's load host, journaled as any
 * load ({@link Kiosk#TRANSFER}). Interrupted anywhere (counter killed, card pulled, load host unreachable), the same
 * replacement run again finishes it: the centre answers as before, a load torn at CREDIT is settled from the card's
 * log, and the journal says whether the money is on the new card already. The old card is hotlisted, blocked at its
 * next tap: the money ends on exactly one card.
 */
public final class Replacement {
    /** The centre's side of a replacement. */
    public interface Centre {
        /**
         * Replaces {@code old} with {@code newCard} (once; the same {@code idempotencyKey} again answers the same) and
         * returns the fen it moves onto the new card, or throws one line saying why not.
         */
        long replace(CardSerial old, CardSerial newCard, String idempotencyKey) throws IOException;
    }

    /** The fen moved, whether this run loaded them (or a run before it did), and the new card's balance. */
    public record Outcome(long moved, boolean loadedNow, long balance) {
    }

    private final Centre centre;
    private final Kiosk loader;
    private final Journal journal;

    /** {@code loader}: the counter's load terminal, registered with the load host like a kiosk; {@code journal}: its. */
    public Replacement(Centre centre, Kiosk loader, Journal journal) {
        this.centre = centre;
        this.loader = loader;
        this.journal = journal;
    }

    /** Replaces {@code old} with the card in the field (new, personalised by the counter's city). */
    public Outcome replace(CardChannel channel, CardSerial old, AtomicInteger apdus) throws TerminalException,
            IOException {
        CardSerial fresh = loader.settle(channel, apdus);
        if (fresh.equals(old)) {
            throw new IllegalArgumentException("the card in the reader is the lost card itself, not its replacement");
        }
        long moved = centre.replace(old, fresh, "REPL-" + old.digits() + "-" + fresh.digits());
        boolean onIt = journal.completed().stream().anyMatch(r -> r.type() == TransactionType.LOAD
                && r.cardSerial().equals(fresh) && r.amount() == moved && Kiosk.TRANSFER.equals(r.fareRule()));
        if (moved == 0 || onIt) {
            return new Outcome(moved, false, loader.inspect(channel, apdus).balance());
        }
        Kiosk.TopUp t = loader.load(channel, moved, Kiosk.TRANSFER, apdus);
        if (!t.done()) {
            throw new IOException("the new card's issuer did not load the " + moved + " fen: " + t.reason()
                    + "; the replacement stands at the centre, run it again");
        }
        return new Outcome(moved, true, t.balance());
    }
}
