package cn.yrd.onecard.clearing.validation;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The clearing centre's rules, from {@code onecard.clearing.*}: how far back a record may date, the amount
 * ranges, and the interchange fee on cross-city rides (basis points of the amount, rounded half up to the fen,
 * then held between the minimum and the cap).
 */
@ConfigurationProperties("onecard.clearing")
public record ClearingRules(int windowDays, long maxPurchase, long maxLoad, long maxMedical, long maxPension,
        int feeBasisPoints, long feeMinimum, long feeCap) {

    public ClearingRules {
        if (windowDays < 0 || feeBasisPoints < 0 || feeMinimum < 0 || feeCap < feeMinimum) {
            throw new IllegalArgumentException("clearing rules: window, fee and bounds must be sensible");
        }
    }

    /**
     * The interchange fee of a cross-city ride of {@code amount} fen, never more than the amount itself: a free
     * ride (a senior's) pays none, and no pair's net can turn negative.
     */
    public long fee(long amount) {
        long raw = (amount * feeBasisPoints + 5_000) / 10_000;
        return Math.min(amount, Math.max(feeMinimum, Math.min(feeCap, raw)));
    }
}
