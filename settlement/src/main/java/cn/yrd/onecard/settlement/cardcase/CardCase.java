package cn.yrd.onecard.settlement.cardcase;

import cn.yrd.onecard.privacy.Mask;
import java.time.LocalDateTime;

/**
 * What became of a lost card's money: {@code REFUNDED} at {@code counterCity}'s counter, in cash or, with
 * {@code bankAccount}, to the holder's bank account; or {@code REPLACED}: moved onto {@code newCard}, which
 * {@code counterCity} issued. {@code amount} in fen; {@code requestKey} the counter's idempotency key, if it gave one.
 */
public record CardCase(String card, String issuerCity, String outcome, long amount, String counterCity,
        String newCard, String decidedBy, LocalDateTime decidedAt, String requestKey, String bankAccount) {
    public static final String REFUNDED = "REFUNDED";
    public static final String REPLACED = "REPLACED";

    /** The card with its middle digits hidden. */
    public static String masked(String card) {
        return Mask.serialWithPrefix(card);
    }

    /** The card, masked, for pages and files that need not show it whole. */
    public String maskedCard() {
        return masked(card);
    }

    /** The new card, masked; empty for a refund. */
    public String maskedNewCard() {
        return newCard == null ? "" : masked(newCard);
    }

    /** Where a refund was paid: {@code cash}, or the holder's account masked; empty for a replacement. */
    public String paidTo() {
        return outcome.equals(REPLACED) ? "" : bankAccount == null ? "cash" : Mask.account(bankAccount);
    }

    /** What the old card is now: {@code refunded at …} or {@code replaced by 3205********0042 at …}. */
    public String status() {
        return status(outcome, newCard, decidedAt);
    }

    /** The status of a card decided so (the balance API reads the three from its query). */
    public static String status(String outcome, String newCard, LocalDateTime decidedAt) {
        return (outcome.equals(REFUNDED) ? "refunded" : "replaced by " + masked(newCard)) + " at "
                + decidedAt.withNano(0);
    }
}
