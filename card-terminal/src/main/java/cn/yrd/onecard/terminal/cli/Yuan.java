package cn.yrd.onecard.terminal.cli;

import java.math.BigDecimal;

/** Amounts as people type them (yuan, at most two decimals) to fen, exactly: no floating point. */
final class Yuan {
    private Yuan() {
    }

    static long toFen(String yuan) {
        BigDecimal v;
        try {
            v = new BigDecimal(yuan);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + yuan + "' is not an amount in yuan (e.g. 50 or 12.30)");
        }
        if (v.signum() < 0 || v.scale() > 2 || v.compareTo(BigDecimal.valueOf(42_949_672)) > 0) {
            throw new IllegalArgumentException("'" + yuan + "' is not an amount in yuan with at most two decimals");
        }
        return v.movePointRight(2).longValueExact();
    }

    static String format(long fen) {
        return BigDecimal.valueOf(fen, 2).toPlainString();
    }
}
