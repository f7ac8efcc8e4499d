package cn.yrd.onecard.sim.pcsc;

import cn.yrd.onecard.sim.card.CardTornException;
import cn.yrd.onecard.sim.card.SimulatedCard;
import javax.smartcardio.ATR;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CardNotPresentException;

/**
 * A connection to the card that was in a slot when {@link SimTerminal#connect} was called. When that card
 * leaves the field (taken away, swapped, or torn mid-command), every later use fails with
 * {@link CardNotPresentException}; when the reader goes away, with a plain {@link CardException}: the two
 * failures terminals must tell apart.
 */
final class SimConnectedCard extends Card {
    private final SimReaders readers;
    private final SimSlot slot;
    private final SimulatedCard card;
    private final long generation;
    private final SimTerminal terminal;
    private final SimChannel basic;
    private boolean disconnected;

    SimConnectedCard(SimReaders readers, SimSlot slot, SimulatedCard card, long generation, SimTerminal terminal) {
        this.readers = readers;
        this.slot = slot;
        this.card = card;
        this.generation = generation;
        this.terminal = terminal;
        this.basic = new SimChannel(this);
    }

    @Override
    public ATR getATR() {
        return new ATR(card.atr());
    }

    @Override
    public String getProtocol() {
        return terminal.getName().endsWith(" SAM") ? "T=0" : "T=1";
    }

    @Override
    public CardChannel getBasicChannel() {
        return basic;
    }

    @Override
    public CardChannel openLogicalChannel() throws CardException {
        throw new CardException("logical channels are not supported by these cards");
    }

    @Override
    public void beginExclusive() {
        // One process owns the simulated readers: nothing to lock against.
    }

    @Override
    public void endExclusive() {
    }

    @Override
    public byte[] transmitControlCommand(int controlCode, byte[] command) throws CardException {
        throw new CardException("control commands are not supported by simulated readers");
    }

    @Override
    public void disconnect(boolean reset) throws CardException {
        if (!disconnected && reset) {
            synchronized (readers.lock) {
                if (slot.generation() == generation) {
                    card.powerOff();
                    card.powerOn();
                }
            }
        }
        disconnected = true;
    }

    /** One APDU to the card, as raw bytes. */
    byte[] transmitRaw(byte[] command) throws CardException {
        if (disconnected) {
            throw new IllegalStateException("card of " + terminal.getName() + " was disconnected");
        }
        long silent = terminal.reader().silentMillis();
        if (silent > 0) {
            try {
                Thread.sleep(silent);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new CardException("SCARD_E_TIMEOUT: reader of " + terminal.getName() + " did not answer in "
                    + silent + " ms");
        }
        synchronized (readers.lock) {
            if (slot.generation() != generation) {
                throw new CardNotPresentException("card removed from " + terminal.getName());
            }
        }
        try {
            return card.transmit(command);
        } catch (CardTornException torn) {
            slot.remove();
            throw new CardNotPresentException("card removed from " + terminal.getName() + " during the command");
        } catch (IllegalStateException e) {
            throw new CardNotPresentException("card in " + terminal.getName() + " is not powered");
        }
    }

    @Override
    public String toString() {
        return "SimConnectedCard[" + card.label() + " in " + terminal.getName() + "]";
    }
}
