package cn.yrd.onecard.terminal.gate;

import cn.yrd.onecard.hotlist.Hotlist;
import cn.yrd.onecard.terminal.card.PurseCard;
import cn.yrd.onecard.terminal.card.SamModule;
import cn.yrd.onecard.terminal.fare.FareTable;
import cn.yrd.onecard.terminal.fare.Ride;
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
 * A gate or bus validator: runs each tap through its participants (select, check the card, settle an
 * unfinished purchase, hotlist, read 0x1A, price, purchase) and says whether to open. The journal is
 * synced before it says so. One gate per reader; not thread-safe.
 */
public final class Gate {
    private final GateConfig config;
    private final Journal journal;
    private final Clock clock;
    private final AtomicReference<Hotlist> hotlist;
    private final List<TapStep> steps;

    public Gate(GateConfig config, FareTable fares, Journal journal, Hotlist hotlist, Clock clock) {
        if (!fares.serves(config.city())) {
            throw new IllegalArgumentException("the fare table has no fares for " + config.city());
        }
        this.config = config;
        this.journal = journal;
        this.clock = clock;
        this.hotlist = new AtomicReference<>(hotlist);
        this.steps = List.of(Steps.select(), Steps.checkCard(), Steps.settlePending(journal),
                Steps.hotlist(this.hotlist::get), Steps.readMetroState(), Steps.price(fares),
                Steps.purchase(config, journal));
    }

    /** Swaps in a new hotlist whole: a tap sees the old one or the new one, never half of one. */
    public void hotlist(Hotlist newer) {
        hotlist.set(newer);
    }

    public Hotlist hotlist() {
        return hotlist.get();
    }

    public GateConfig config() {
        return config;
    }

    /**
     * One tap of the card on {@code cardChannel}, with the PSAM {@code sam} (opened once at start-up).
     *
     * @throws CardRemovedException the card left mid-tap (a pending purchase, if any, is settled next tap)
     * @throws TerminalException the reader or PSAM failed
     */
    public TapResult tap(CardChannel cardChannel, SamModule sam, AtomicInteger apduCount)
            throws TerminalException, IOException {
        long start = System.nanoTime();
        int before = apduCount.get();
        LocalDateTime now = LocalDateTime.now(clock).truncatedTo(ChronoUnit.SECONDS);
        TapContext tap = TapContext.ride(new PurseCard(new Apdus(cardChannel, "card", apduCount)), sam,
                new Ride(config.kind(), config.city(), config.line(), config.station(), now), now);
        tap.run(steps);
        return tap.result(System.nanoTime() - start, apduCount.get() - before);
    }
}
