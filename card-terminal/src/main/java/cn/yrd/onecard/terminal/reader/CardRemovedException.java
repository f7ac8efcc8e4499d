package cn.yrd.onecard.terminal.reader;

/** The card left the field (or was swapped) during a transaction: the passenger taps again. */
public final class CardRemovedException extends TerminalException {
    public CardRemovedException(String message, Throwable cause) {
        super(message, cause);
    }
}
