package cn.yrd.onecard.terminal.reader;

import cn.yrd.onecard.terminal.card.SamModule;
import java.util.concurrent.atomic.AtomicInteger;
import javax.smartcardio.Card;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;

/**
 * A reader's two terminals as a gate uses them: the contactless field, watched for cards, and the SAM slot,
 * opened once. Waiting and transmitting go through separate {@link CardTerminal} objects so the two never
 * contend.
 */
public final class ReaderLink {
    private final CardTerminal field;
    private final CardTerminal samSlot;
    private final AtomicInteger apdus = new AtomicInteger();
    private SamModule sam;

    public ReaderLink(CardTerminal field, CardTerminal samSlot) {
        this.field = field;
        this.samSlot = samSlot;
    }

    public AtomicInteger apduCounter() {
        return apdus;
    }

    /** Connects the PSAM and reads its terminal number. */
    public SamModule openSam() throws TerminalException {
        try {
            Card c = samSlot.connect("*");
            sam = new SamModule(Apdus.psam(c.getBasicChannel(), apdus));
            sam.open();
            return sam;
        } catch (CardException e) {
            throw new ReaderFailedException("no PSAM in " + samSlot.getName() + ": " + e.getMessage(), e);
        }
    }

    public SamModule sam() {
        return sam;
    }

    /** Waits up to {@code millis} for a card in the field. */
    public boolean awaitCard(long millis) throws ReaderFailedException {
        try {
            return field.waitForCardPresent(millis);
        } catch (CardException e) {
            throw new ReaderFailedException(field.getName() + ": " + e.getMessage(), e);
        }
    }

    /** Waits up to {@code millis} for the field to be empty: a card held still is never charged twice. */
    public boolean awaitRemoval(long millis) throws ReaderFailedException {
        try {
            return field.waitForCardAbsent(millis);
        } catch (CardException e) {
            throw new ReaderFailedException(field.getName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Connects to the card in the field. A connection refused while the reader still answers is a card
     * problem (two cards, a card half in the field), not a reader failure.
     */
    public Card connectCard() throws TerminalException {
        try {
            return field.connect("*");
        } catch (javax.smartcardio.CardNotPresentException e) {
            throw new CardRemovedException("card left before the tap began", e);
        } catch (CardException e) {
            try {
                field.isCardPresent();
            } catch (CardException readerGone) {
                throw new ReaderFailedException(field.getName() + ": " + e.getMessage(), e);
            }
            throw new CardUnreadableException(e.getMessage(), e);
        }
    }

    public String name() {
        return field.getName();
    }
}
