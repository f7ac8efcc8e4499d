package cn.yrd.onecard.apdu;

/** An APDU whose bytes do not form a valid command; carries the status word a card answers to it. */
public final class MalformedApduException extends Exception {
    private final int sw;

    public MalformedApduException(StatusWord statusWord, String message) {
        this(statusWord.code(), message);
    }

    /** A refusal whose status word carries a number, such as {@code 6Cxx} (wrong Le, the exact length). */
    public MalformedApduException(int sw, String message) {
        super(message);
        this.sw = sw;
    }

    /** The named status word, or null when it is a family member such as {@code 6C04}. */
    public StatusWord statusWord() {
        return StatusWord.of(sw);
    }

    /** What the card answers: no data, the status word. */
    public ResponseApdu answer() {
        return new ResponseApdu(new byte[0], sw);
    }
}
