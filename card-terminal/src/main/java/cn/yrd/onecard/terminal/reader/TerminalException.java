package cn.yrd.onecard.terminal.reader;

/** A failure talking to a card or a PSAM. */
public abstract class TerminalException extends Exception {
    protected TerminalException(String message, Throwable cause) {
        super(message, cause);
    }
}
