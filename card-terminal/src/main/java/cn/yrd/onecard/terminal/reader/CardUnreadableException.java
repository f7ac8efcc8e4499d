package cn.yrd.onecard.terminal.reader;

/**
 * The reader is fine but could not talk to what is in its field (two cards at once, a card not fully in
 * the field): the passenger presents one card again.
 */
public final class CardUnreadableException extends TerminalException {
    public CardUnreadableException(String message, Throwable cause) {
        super(message, cause);
    }
}
