package cn.yrd.onecard.terminal.gate;

import cn.yrd.onecard.card.MetroState;
import cn.yrd.onecard.card.PublicInfo;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.record.TransitRecord;
import cn.yrd.onecard.terminal.card.PurseCard;
import cn.yrd.onecard.terminal.card.SamModule;
import cn.yrd.onecard.terminal.fare.FareQuote;
import cn.yrd.onecard.terminal.fare.Ride;
import cn.yrd.onecard.terminal.reader.StatusException;
import cn.yrd.onecard.terminal.reader.TerminalException;
import java.io.IOException;
import java.time.LocalDateTime;
import java.util.List;

/**
 * The state of one tap, passed from participant to participant: the steps keep none of their own. A gate's tap is
 * a ride, priced by the fare table; a till's is a payment of the amount the till was given.
 */
final class TapContext {
    final PurseCard card;
    final SamModule sam;
    /** Where the terminal stands: a card of another city must be interoperable. */
    final City city;
    /** The ride, at a gate or validator; null at a till. */
    final Ride ride;
    /** What a till charges; a ride's amount is its {@link #quote}. */
    final long saleAmount;
    /** What a till's payment is for: a sale, or the bill it pays (its record's rule); null for a ride. */
    final String saleRule;
    final LocalDateTime now;

    PublicInfo info;
    boolean blocked;
    MetroState metro;
    FareQuote quote;
    long balanceAfter;
    TransitRecord record;
    /** Set when a step decides the tap: open (true) or refused (false). */
    Boolean open;
    String reason;

    private TapContext(PurseCard card, SamModule sam, City city, Ride ride, long saleAmount, String saleRule,
            LocalDateTime now) {
        this.card = card;
        this.sam = sam;
        this.city = city;
        this.ride = ride;
        this.saleAmount = saleAmount;
        this.saleRule = saleRule;
        this.now = now;
    }

    static TapContext ride(PurseCard card, SamModule sam, Ride ride, LocalDateTime now) {
        return new TapContext(card, sam, ride.city(), ride, 0, null, now);
    }

    static TapContext sale(PurseCard card, SamModule sam, City city, long amount, String rule, LocalDateTime now) {
        return new TapContext(card, sam, city, null, amount, rule, now);
    }

    /**
     * Runs {@code steps} in order until one decides. A status word no step handles (a PSAM without the card's city's
     * key, a card refusing its DEBIT) refuses the tap and the terminal goes on with the next card: nothing was paid
     * (DEBIT is the last command that can refuse), and a purchase already journaled is settled at the card's next
     * tap, as after a card pulled mid-tap.
     */
    void run(List<TapStep> steps) throws TerminalException, IOException {
        for (TapStep step : steps) {
            try {
                step.run(this);
            } catch (StatusException e) {
                refuse(e.getMessage());
            }
            if (decided()) {
                return;
            }
        }
    }

    void refuse(String why) {
        open = false;
        reason = why;
    }

    void openWith(String why) {
        open = true;
        reason = why;
    }

    boolean decided() {
        return open != null;
    }

    /** What the tap came to, as the terminal shows it. */
    TapResult result(long nanos, int apdus) {
        return new TapResult(Boolean.TRUE.equals(open), reason, info == null ? null : info.cardSerial().masked(),
                info == null ? null : info.issuerId().city(), record == null ? 0 : record.amount(), balanceAfter,
                nanos / 1000, apdus, record);
    }
}
