package cn.yrd.onecard.clearing.intake;

/**
 * A day file whose signature does not prove its sender (unsigned, changed since, signed by someone else, or by a
 * certificate that is revoked, expired or of no path): rejected whole, like a malformed one. The message is one line
 * naming what is wrong.
 */
public final class SignatureRefusedException extends Exception {
    public SignatureRefusedException(String file, String why) {
        super(file + ": " + why);
    }
}
