package cn.yrd.onecard.sim.pcsc;

import cn.yrd.onecard.sim.card.SimulatedCard;
import javax.smartcardio.Card;
import javax.smartcardio.CardException;
import javax.smartcardio.CardNotPresentException;
import javax.smartcardio.CardTerminal;

/** One slot of a simulated reader as a {@code javax.smartcardio} terminal. */
final class SimTerminal extends CardTerminal {
    private final SimReaders readers;
    private final SimSlot slot;

    SimTerminal(SimReaders readers, SimSlot slot) {
        this.readers = readers;
        this.slot = slot;
    }

    @Override
    public String getName() {
        return slot.terminalName();
    }

    @Override
    public Card connect(String protocol) throws CardException {
        if (!"*".equals(protocol) && !"T=0".equals(protocol) && !"T=1".equals(protocol) && !"T=CL".equals(protocol)) {
            throw new IllegalArgumentException("unsupported protocol " + protocol);
        }
        checkPlugged();
        synchronized (readers.lock) {
            SimulatedCard card = slot.card();
            if (card == null) {
                throw new CardNotPresentException("no card in " + getName());
            }
            if (slot.hasTwoCards()) {
                throw new CardException("more than one card in the field of " + getName());
            }
            return new SimConnectedCard(readers, slot, card, slot.generation(), this);
        }
    }

    @Override
    public boolean isCardPresent() throws CardException {
        checkPlugged();
        return slot.isCardPresent();
    }

    @Override
    public boolean waitForCardPresent(long timeout) throws CardException {
        return waitFor(true, timeout);
    }

    @Override
    public boolean waitForCardAbsent(long timeout) throws CardException {
        return waitFor(false, timeout);
    }

    private boolean waitFor(boolean present, long timeout) throws CardException {
        if (timeout < 0) {
            throw new IllegalArgumentException("timeout must not be negative");
        }
        long deadline = timeout == 0 ? Long.MAX_VALUE : System.currentTimeMillis() + timeout;
        synchronized (readers.lock) {
            while (slot.isCardPresent() != present) {
                checkPlugged();
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return false;
                }
                try {
                    readers.lock.wait(Math.min(left, 1000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CardException("interrupted while waiting on " + getName(), e);
                }
            }
            return true;
        }
    }

    void checkPlugged() throws CardException {
        reader();
    }

    /** The reader this terminal belongs to, or an error when it was unplugged. */
    SimReader reader() throws CardException {
        for (SimReader r : readers.readers()) {
            if (r.field() == slot || r.sam() == slot) {
                return r;
            }
        }
        throw new CardException("reader of " + getName() + " is unplugged");
    }

    @Override
    public String toString() {
        return "SimTerminal[" + getName() + "]";
    }
}
