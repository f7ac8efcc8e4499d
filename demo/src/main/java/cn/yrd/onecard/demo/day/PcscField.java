package cn.yrd.onecard.demo.day;

import cn.yrd.onecard.sim.card.CardOs;
import cn.yrd.onecard.sim.card.SimulatedCard;
import cn.yrd.onecard.sim.pcsc.SimReader;
import cn.yrd.onecard.sim.pcsc.SimReaders;
import cn.yrd.onecard.sim.vpcd.PcscDaemon;
import cn.yrd.onecard.sim.vpcd.VpcdSlot;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.TerminalFactory;

/**
 * {@code ./onecard demo --pcsc}: every validator reads cards through the real PC/SC daemon, on the vpcd reader
 * {@code Virtual PCD 00 00}, with the JDK's own PC/SC provider; the PSAMs stay in the validators' own slots.
 *
 * <p>pcscd polls card presence every 400 ms, so a day of taps cannot take each card out of the field and put the
 * next one in: the passenger's hand stays in the field and the card in it changes between taps (powered up as
 * it arrives), while every APDU of every tap goes through pcscd. A card torn away mid-purchase does leave the field
 * for real, and the validator sees it come back.
 */
final class PcscField implements CardField, CardField.Supply {
    static final String READER = VpcdSlot.readerName(0);

    private final VpcdSlot slot = VpcdSlot.reader(0);
    private final Hand hand = new Hand();
    private final CardTerminal terminal;
    private int arrivals;

    private PcscField(CardTerminal terminal) {
        this.terminal = terminal;
    }

    static PcscField open() throws CardException {
        if (!PcscDaemon.running()) {
            throw new IllegalStateException("--pcsc: " + PcscDaemon.MISSING);
        }
        CardTerminal terminal = TerminalFactory.getDefault().terminals().getTerminal(READER);
        if (terminal == null) {
            throw new IllegalStateException("--pcsc: pcscd has no reader '" + READER + "' (is vsmartcard-vpcd installed?)");
        }
        return new PcscField(terminal);
    }

    @Override
    public CardField of(SimReaders readers, SimReader reader) {
        return this;
    }

    @Override
    public CardTerminal terminal() {
        return terminal;
    }

    @Override
    public void hold(CardOs card) throws CardException {
        hand.hold(card);
        if (slot.card() == null) {
            // The first tap, or the last card tore out of the field: pcscd must see the field empty, then a card.
            terminal.waitForCardAbsent(5_000);
            slot.present(hand);
            if (!terminal.waitForCardPresent(10_000)) {
                throw new IllegalStateException(READER + ": pcscd saw no card within 10 s of one entering the field");
            }
            arrivals++;
        }
    }

    @Override
    public String describe() {
        return String.format("pcscd, reader '%s' (%,d APDUs; a card entered the field %d times)", READER,
                slot.apdus(), arrivals);
    }

    @Override
    public void close() {
        slot.close();
    }

    /** The passenger's hand in the field: the card it holds answers. */
    private static final class Hand implements SimulatedCard {
        private volatile CardOs card;

        /** A card arriving in the field is powered up, as a real one is by the field. */
        void hold(CardOs next) {
            next.powerOn();
            card = next;
        }

        @Override
        public byte[] atr() {
            return card.atr();
        }

        @Override
        public void powerOn() {
            card.powerOn();
        }

        @Override
        public void powerOff() {
            card.powerOff();
        }

        @Override
        public byte[] transmit(byte[] command) {
            return card.transmit(command);
        }

        @Override
        public String label() {
            return "a passenger's hand holding " + card.label();
        }
    }
}
