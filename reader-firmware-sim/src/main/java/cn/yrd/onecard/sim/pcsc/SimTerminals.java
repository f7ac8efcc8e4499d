package cn.yrd.onecard.sim.pcsc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;

/** The terminals of the plugged-in simulated readers, two per reader (PICC and SAM). */
final class SimTerminals extends CardTerminals {
    private final SimReaders readers;
    /** Card presence per terminal name at the last waitForChange; null before the first call. */
    private Map<String, Boolean> seen;
    private Map<String, Boolean> previous = new HashMap<>();

    SimTerminals(SimReaders readers) {
        this.readers = readers;
    }

    @Override
    public List<CardTerminal> list(State state) throws CardException {
        List<CardTerminal> out = new ArrayList<>();
        synchronized (readers.lock) {
            for (SimSlot slot : readers.slots()) {
                boolean present = slot.isCardPresent();
                // Insertions and removals are those the latest waitForChange saw.
                boolean after = seen != null && seen.getOrDefault(slot.terminalName(), false);
                boolean before = previous.getOrDefault(slot.terminalName(), false);
                boolean include = switch (state) {
                    case ALL -> true;
                    case CARD_PRESENT -> present;
                    case CARD_ABSENT -> !present;
                    case CARD_INSERTION -> after && !before;
                    case CARD_REMOVAL -> !after && before && seen.containsKey(slot.terminalName());
                };
                if (include) {
                    out.add(new SimTerminal(readers, slot));
                }
            }
        }
        return out;
    }

    @Override
    public boolean waitForChange(long timeout) throws CardException {
        if (timeout < 0) {
            throw new IllegalArgumentException("timeout must not be negative");
        }
        long deadline = timeout == 0 ? Long.MAX_VALUE : System.currentTimeMillis() + timeout;
        synchronized (readers.lock) {
            Map<String, Boolean> now = presence();
            if (seen != null && !now.equals(seen)) {
                remember(now);
                return true;
            }
            Map<String, Boolean> before = now;
            while (true) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    remember(presence());
                    return false;
                }
                try {
                    readers.lock.wait(Math.min(left, 1000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CardException("interrupted while waiting for a card", e);
                }
                now = presence();
                if (!now.equals(before)) {
                    remember(now);
                    return true;
                }
            }
        }
    }

    private void remember(Map<String, Boolean> now) {
        previous = seen == null ? new HashMap<>() : seen;
        seen = now;
    }

    private Map<String, Boolean> presence() {
        Map<String, Boolean> m = new HashMap<>();
        for (SimSlot slot : readers.slots()) {
            m.put(slot.terminalName(), slot.isCardPresent());
        }
        return m;
    }
}
