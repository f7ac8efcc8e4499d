package cn.yrd.onecard.terminal.gate;

import cn.yrd.onecard.dayfile.RecordFormats;
import cn.yrd.onecard.hotlist.Hotlist;
import cn.yrd.onecard.record.TransitRecord;
import cn.yrd.onecard.registry.MerchantRegister.Category;
import cn.yrd.onecard.registry.OpenBills;
import cn.yrd.onecard.terminal.card.PurseCard;
import cn.yrd.onecard.terminal.card.SamModule;
import cn.yrd.onecard.terminal.journal.Journal;
import cn.yrd.onecard.terminal.reader.Apdus;
import cn.yrd.onecard.terminal.reader.CardRemovedException;
import cn.yrd.onecard.terminal.reader.TerminalException;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.smartcardio.CardChannel;

/**
 * A merchant's point-of-sale terminal: a shop's till, a taxi's meter, a car park's exit, a utility kiosk. It takes
 * the amount it is given from the purse with a plain purchase (type 06) and its PSAM, through the gate's own
 * participants (the same card checks, hotlist and tearing recovery), less the fare: the card pays what the till
 * says. The journal is synced before the till is told; {@code terminal export} makes the merchant day file of it.
 * One till per reader; not thread-safe.
 */
public final class PointOfSale {
    private final SaleConfig config;
    private final Journal journal;
    private final Clock clock;
    private final AtomicReference<Hotlist> hotlist;
    private final List<TapStep> steps;

    public PointOfSale(SaleConfig config, Journal journal, Hotlist hotlist, Clock clock) {
        this.config = config;
        this.journal = journal;
        this.clock = clock;
        this.hotlist = new AtomicReference<>(hotlist);
        this.steps = List.of(Steps.select(), Steps.checkCard(), Steps.settlePending(journal),
                Steps.billOnce(journal), Steps.hotlist(this.hotlist::get), Steps.sale(config, journal));
    }

    /** Swaps in a new hotlist whole, as a gate does. */
    public void hotlist(Hotlist newer) {
        hotlist.set(newer);
    }

    public Hotlist hotlist() {
        return hotlist.get();
    }

    public SaleConfig config() {
        return config;
    }

    /**
     * The card on {@code cardChannel} pays {@code amount} fen, with the PSAM {@code sam}. An amount the till may not
     * ask ({@link SaleConfig#refusal}) is refused before the card is touched. A card whose earlier payment here was
     * cut off mid-DEBIT first settles that one: proved, it counts as paid and nothing more is taken this time.
     *
     * @throws CardRemovedException the card left mid-payment (a pending payment, if any, is settled next time)
     * @throws TerminalException the reader or PSAM failed
     */
    public TapResult pay(CardChannel cardChannel, SamModule sam, long amount, AtomicInteger apduCount)
            throws TerminalException, IOException {
        return charge(cardChannel, sam, amount, RecordFormats.SALE, config.refusal(amount), apduCount);
    }

    /**
     * At a utilities kiosk, the card on {@code cardChannel} pays {@code bill}, looked up in its biller's open bills:
     * its amount, the record naming the bill. A bill this kiosk has already taken is refused before the card is
     * touched ({@link #billRefusal}); as a sale, a torn payment is settled when its card comes back, and meanwhile
     * no other card pays that bill here.
     */
    public TapResult payBill(CardChannel cardChannel, SamModule sam, OpenBills.Bill bill, AtomicInteger apduCount)
            throws TerminalException, IOException {
        String refusal = billRefusal(bill);
        return charge(cardChannel, sam, bill.amount(), RecordFormats.billRule(bill.number()),
                refusal != null ? refusal : config.refusal(bill.amount()), apduCount);
    }

    /**
     * Why this kiosk may not take {@code bill}, or null when it may: this is no utility, or the bill was paid here
     * already (the journal holds the payment). A payment of it cut off mid-DEBIT waits for its card
     * ({@code Steps.billOnce}); a second payment at another kiosk is for clearing to catch (M05).
     */
    public String billRefusal(OpenBills.Bill bill) {
        if (config.merchant().category() != Category.UTILITY) {
            return config.merchant().name() + " takes no bills: it is " + config.merchant().category();
        }
        for (TransitRecord r : journal.completed()) {
            if (bill.paidBy(r)) {
                return "bill " + bill.number() + " was already paid here on " + r.time().toString().replace('T', ' ')
                        + " (TAC " + r.tac() + ")";
            }
        }
        return null;
    }

    private TapResult charge(CardChannel cardChannel, SamModule sam, long amount, String rule, String refusal,
            AtomicInteger apduCount) throws TerminalException, IOException {
        if (refusal != null) {
            return new TapResult(false, refusal, null, null, 0, 0, 0, 0, null);
        }
        long start = System.nanoTime();
        int before = apduCount.get();
        LocalDateTime now = LocalDateTime.now(clock).truncatedTo(ChronoUnit.SECONDS);
        TapContext sale = TapContext.sale(new PurseCard(new Apdus(cardChannel, "card", apduCount)), sam,
                config.merchant().city(), amount, rule, now);
        sale.run(steps);
        return sale.result(System.nanoTime() - start, apduCount.get() - before);
    }
}
