package cn.yrd.onecard.terminal.fare;

/** A fare table that cannot be used, or a tap it has no fare for; the message says which. */
public final class FareException extends IllegalArgumentException {
    public FareException(String message) {
        super(message);
    }
}
