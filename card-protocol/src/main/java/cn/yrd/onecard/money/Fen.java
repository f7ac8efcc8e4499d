package cn.yrd.onecard.money;

/** Amounts are whole fen ({@code long}) everywhere; this is the one place they become yuan text for people. */
public final class Fen {
    private Fen() {
    }

    /** {@code 1234} as {@code "12.34"}, {@code -5} as {@code "-0.05"}: exact, no floating point. */
    public static String asYuan(long fen) {
        String sign = fen < 0 ? "-" : "";
        long abs = Math.abs(fen);
        return sign + abs / 100 + "." + (abs % 100 < 10 ? "0" : "") + abs % 100;
    }
}
