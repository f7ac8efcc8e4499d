package cn.yrd.onecard.clearing.validation;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The clearing centre's rules, from {@code onecard.clearing.*}: how far back a record may date (a merchant payment
 * further: a taxi uploads when it is back at its depot), the amount ranges, the interchange fee on cross-city rides
 * (basis points of the amount, rounded half up to the fen, then held between the minimum and the cap), and the
 * issuer's share of a merchant's fee on a card of another city ({@link MerchantFees}).
 */
@ConfigurationProperties("onecard.clearing")
public record ClearingRules(int windowDays, int merchantWindowDays, long maxPurchase, long maxLoad, long maxMedical,
        long maxPension, int feeBasisPoints, long feeMinimum, long feeCap, int interchangePercent) {

    public ClearingRules {
        if (windowDays < 0 || merchantWindowDays < windowDays || feeBasisPoints < 0 || feeMinimum < 0
                || feeCap < feeMinimum || interchangePercent < 0 || interchangePercent > 100) {
            throw new IllegalArgumentException("clearing rules: windows, fees and bounds must be sensible");
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
