package cn.yrd.onecard.apdu;

/** An APDU whose bytes do not form a valid command; carries the status word a card answers to it. */
public final class MalformedApduException extends Exception {
    private final StatusWord statusWord;

    public MalformedApduException(StatusWord statusWord, String message) {
        super(message);
        this.statusWord = statusWord;
    }

    public StatusWord statusWord() {
        return statusWord;
    }
}
