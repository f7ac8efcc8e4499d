package cn.yrd.onecard.record;

import java.util.regex.Pattern;

/** The range and token rules the records share. */
final class Fields {
    /** Amounts fit the purse's 4 unsigned bytes: 42,949,672.95 yuan. */
    static final long MAX_AMOUNT = 0xFFFFFFFFL;
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final Pattern CARD_NUMBER = Pattern.compile("[A-Z0-9]{9}");
    private static final Pattern HEX = Pattern.compile("[0-9A-F]*");

    private Fields() {
    }

    static void check(String what, long value, long max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(what + " " + value + " is outside 0.." + max);
        }
    }

    static void checkToken(String what, String value) {
        if (value == null || !TOKEN.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must be 1 to 32 of A-Z a-z 0-9 _ -, got '" + value + "'");
        }
    }

    /** Upper-case hex of exactly {@code digits} digits: one spelling, so equal values compare equal. */
    static void checkHex(String what, String value, int digits) {
        if (value == null || value.length() != digits || !HEX.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must be " + digits + " upper-case hex digits, got '" + value
                    + "'");
        }
    }

    /** A social security card number: 9 of A-Z 0-9 (EF05 tag 07). */
    static void checkCardNumber(String value) {
        if (value == null || !CARD_NUMBER.matcher(value).matches()) {
            throw new IllegalArgumentException("card number must be 9 of A-Z 0-9");
        }
    }
}
