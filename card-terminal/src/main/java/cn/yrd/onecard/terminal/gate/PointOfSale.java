package cn.yrd.onecard.terminal.gate;

import cn.yrd.onecard.hotlist.Hotlist;
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
    private final Clock clock;
    private final AtomicReference<Hotlist> hotlist;
    private final List<TapStep> steps;

    public PointOfSale(SaleConfig config, Journal journal, Hotlist hotlist, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.hotlist = new AtomicReference<>(hotlist);
        this.steps = List.of(Steps.select(), Steps.checkCard(), Steps.settlePending(journal),
                Steps.hotlist(this.hotlist::get), Steps.sale(config, journal));
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
        String refusal = config.refusal(amount);
        if (refusal != null) {
            return new TapResult(false, refusal, null, null, 0, 0, 0, 0, null);
        }
        long start = System.nanoTime();
        int before = apduCount.get();
        LocalDateTime now = LocalDateTime.now(clock).truncatedTo(ChronoUnit.SECONDS);
        TapContext sale = TapContext.sale(new PurseCard(new Apdus(cardChannel, "card", apduCount)), sam,
                config.merchant().city(), amount, now);
        for (TapStep step : steps) {
            step.run(sale);
            if (sale.decided()) {
                break;
            }
        }
        return sale.result(System.nanoTime() - start, apduCount.get() - before);
    }
}
