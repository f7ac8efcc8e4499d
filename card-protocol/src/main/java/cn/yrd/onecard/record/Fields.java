package cn.yrd.onecard.record;

/**
 * The range and token rules the records share. Checked with plain loops: a day file checks these for every field
 * of every record, and regular expressions were most of the cost of reading one.
 */
final class Fields {
    /** Amounts fit the purse's 4 unsigned bytes: 42,949,672.95 yuan. */
    static final long MAX_AMOUNT = cn.yrd.onecard.money.Fen.MAX_RECORD_AMOUNT;

    private Fields() {
    }

    static void check(String what, long value, long max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(what + " " + value + " is outside 0.." + max);
        }
    }

    /** 1 to 32 of A-Z a-z 0-9 _ -. */
    static void checkToken(String what, String value) {
        if (value == null || value.isEmpty() || value.length() > 32 || !all(value, Fields::tokenChar)) {
            throw new IllegalArgumentException(what + " must be 1 to 32 of A-Z a-z 0-9 _ -, got '" + value + "'");
        }
    }

    /** Upper-case hex of exactly {@code digits} digits: one spelling, so equal values compare equal. */
    static void checkHex(String what, String value, int digits) {
        if (value == null || value.length() != digits
                || !all(value, c -> c >= '0' && c <= '9' || c >= 'A' && c <= 'F')) {
            throw new IllegalArgumentException(what + " must be " + digits + " upper-case hex digits, got '" + value
                    + "'");
        }
    }

    /** A home host's authorisation: 16 upper-case hex digits, or empty for a record that carries none. */
    static void checkAuthorisation(String value) {
        if (value == null || !value.isEmpty() && value.length() != 16) {
            throw new IllegalArgumentException("an authorisation is 16 upper-case hex digits or empty, got '" + value
                    + "'");
        }
        if (!value.isEmpty()) {
            checkHex("an authorisation", value, 16);
        }
    }

    /** A social security card number: 9 of A-Z 0-9 (EF05 tag 07). */
    static void checkCardNumber(String value) {
        if (value == null || value.length() != 9 || !all(value, c -> c >= '0' && c <= '9' || c >= 'A' && c <= 'Z')) {
            throw new IllegalArgumentException("card number must be 9 of A-Z 0-9");
        }
    }

    private static boolean tokenChar(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-';
    }

    private interface CharRule {
        boolean allows(char c);
    }

    private static boolean all(String value, CharRule rule) {
        for (int i = 0; i < value.length(); i++) {
            if (!rule.allows(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
