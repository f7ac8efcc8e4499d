package cn.yrd.onecard.sim.pcsc;

import cn.yrd.onecard.sim.card.SimulatedCard;

/**
 * One slot of a simulated reader: the contactless field or the SAM slot. Test code and the console put
 * cards into it and take them out; the {@code javax.smartcardio} terminal of the slot sees the same card.
 * Every change bumps {@link #generation()}, so a connection to the card that was there notices it left.
 */
public final class SimSlot {
    private final SimReaders bench;
    private final String terminalName;
    private SimulatedCard card;
    /** A second card in the field at the same time: the reader cannot tell which to talk to. */
    private SimulatedCard second;
    private long generation;

    SimSlot(SimReaders bench, String terminalName) {
        this.bench = bench;
        this.terminalName = terminalName;
    }

    public String terminalName() {
        return terminalName;
    }

    /** Puts {@code newCard} into the slot (tapping it on the field), replacing any card there. */
    public void present(SimulatedCard newCard) {
        synchronized (bench.lock) {
            if (card != null) {
                card.powerOff();
            }
            second = null;
            card = newCard;
            newCard.powerOn();
            generation++;
            bench.lock.notifyAll();
        }
    }

    /** Holds {@code other} in the field too, beside the card already there (a wallet with two cards). */
    public void presentAlso(SimulatedCard other) {
        synchronized (bench.lock) {
            second = other;
            generation++;
            bench.lock.notifyAll();
        }
    }

    /** Two cards arrive in the field together. */
    public void presentTogether(SimulatedCard first, SimulatedCard other) {
        synchronized (bench.lock) {
            present(first);
            presentAlso(other);
        }
    }

    /** Takes the second card away again. */
    public void removeSecond() {
        synchronized (bench.lock) {
            if (second != null) {
                second = null;
                generation++;
                bench.lock.notifyAll();
            }
        }
    }

    boolean hasTwoCards() {
        synchronized (bench.lock) {
            return card != null && second != null;
        }
    }

    /** Takes the card away; nothing happens when the slot is empty. */
    public void remove() {
        synchronized (bench.lock) {
            second = null;
            if (card != null) {
                card.powerOff();
                card = null;
                generation++;
                bench.lock.notifyAll();
            }
        }
    }

    public SimulatedCard card() {
        synchronized (bench.lock) {
            return card;
        }
    }

    public boolean isCardPresent() {
        return card() != null;
    }

    long generation() {
        synchronized (bench.lock) {
            return generation;
        }
    }
}
