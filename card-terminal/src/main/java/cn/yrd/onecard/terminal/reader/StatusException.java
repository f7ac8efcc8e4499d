package cn.yrd.onecard.terminal.reader;

import cn.yrd.onecard.apdu.StatusWord;

/**
 * A card or PSAM refused a command with a status word: the command and the word, e.g. {@code DEBIT: 9302 MAC wrong}.
 * The words a caller handles have types of their own ({@link #of}), so that it catches what it handles and lets the
 * rest through.
 */
public class StatusException extends TerminalException {
    private final String command;
    private final int sw;

    public StatusException(String command, int sw) {
        super(command + ": " + StatusWord.describe(sw), null);
        this.command = command;
        this.sw = sw;
    }

    /** The refusal of {@code command} with {@code sw}, as its own type where it has one. */
    public static StatusException of(String command, int sw) {
        if (sw == StatusWord.INSUFFICIENT_BALANCE.code()) {
            return new InsufficientBalanceException(command, sw);
        }
        if (sw == StatusWord.MAC_INVALID.code() || sw == StatusWord.SECURE_MESSAGING_MAC_INVALID.code()) {
            return new SecurityRefusalException(command, sw);
        }
        if (sw == StatusWord.APPLICATION_LOCKED.code()) {
            return new CardLockedException(command, sw);
        }
        return new StatusException(command, sw);
    }

    public String command() {
        return command;
    }

    public int sw() {
        return sw;
    }

    public boolean is(StatusWord word) {
        return sw == word.code();
    }

    /** 9401: the purse holds less than the amount; the passenger loads money first. */
    public static final class InsufficientBalanceException extends StatusException {
        InsufficientBalanceException(String command, int sw) {
            super(command, sw);
        }
    }

    /**
     * 9302 or 6988: a MAC was wrong. Not the passenger's doing: a key that does not match, or bytes altered on the
     * way; never retried as if the card had left.
     */
    public static final class SecurityRefusalException extends StatusException {
        SecurityRefusalException(String command, int sw) {
            super(command, sw);
        }
    }

    /** 9303: the application is locked for good; only its issuer can help. */
    public static final class CardLockedException extends StatusException {
        CardLockedException(String command, int sw) {
            super(command, sw);
        }
    }
}
