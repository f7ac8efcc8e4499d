package cn.yrd.onecard.money;

import java.math.BigDecimal;

/** Amounts are whole fen ({@code long}) everywhere; this is the one place they meet yuan text, both ways, exactly. */
public final class Fen {
    /** The most one record's amount can be: its 4 unsigned bytes, 42,949,672.95 yuan. */
    public static final long MAX_RECORD_AMOUNT = 0xFFFFFFFFL;

    private Fen() {
    }

    /** {@code 1234} as {@code "12.34"}, {@code -5} as {@code "-0.05"}: exact, no floating point. */
    public static String asYuan(long fen) {
        String sign = fen < 0 ? "-" : "";
        long abs = Math.abs(fen);
        return sign + abs / 100 + "." + (abs % 100 < 10 ? "0" : "") + abs % 100;
    }

    /** An amount as people type it (yuan, at most two decimals, not negative) in fen. */
    public static long fromYuan(String yuan) {
        BigDecimal v;
        try {
            v = new BigDecimal(yuan);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + yuan + "' is not an amount in yuan (e.g. 50 or 12.30)");
        }
        if (v.signum() < 0 || v.scale() > 2 || v.compareTo(BigDecimal.valueOf(MAX_RECORD_AMOUNT, 2)) > 0) {
            throw new IllegalArgumentException("'" + yuan + "' is not an amount in yuan with at most two decimals");
        }
        return v.movePointRight(2).longValueExact();
    }
}
