package cn.yrd.onecard.settlement.netting;

import cn.yrd.onecard.privacy.Mask;
import java.time.LocalDate;

/**
 * A transfer the centre instructs its bank to make: a net debtor pays the centre ({@code PAY_IN}), the centre pays a
 * net creditor ({@code PAY_OUT}), a card's issuer pays a lost card's money to its holder's bank account
 * ({@code REFUND}, to {@code payeeAccount}), or an acquiring city pays a merchant its day's payments net of the
 * discount ({@code MERCHANT}, to the merchant's account). The reference is what the bank's confirmation quotes.
 */
public record SettlementInstruction(String reference, LocalDate date, String city, Direction direction,
        long amount, String payeeAccount) {
    /** The centre's own account at the bank, as the files name it. */
    public static final String CENTRE = "CENTRE";

    public enum Direction { PAY_IN, PAY_OUT, REFUND, MERCHANT }

    /** A transfer between a city and the centre. */
    public SettlementInstruction(String reference, LocalDate date, String city, Direction direction, long amount) {
        this(reference, date, city, direction, amount, null);
    }

    public static String reference(LocalDate date, String city) {
        return "STL-" + date.toString().replace("-", "") + "-" + city;
    }

    /**
     * The reference of the {@code n}th refund to a holder's account {@code city} pays on {@code date}'s instructions
     * (from 1): it names no card, as the bank's statement to the holder quotes it.
     */
    public static String refundReference(LocalDate date, String city, int n) {
        return String.format("RFD-%s-%s-%03d", date.toString().replace("-", ""), city, n);
    }

    /** The reference of the transfer that pays merchant {@code merchantId} its net of {@code date}. */
    public static String merchantReference(LocalDate date, String merchantId) {
        return "MPY-" + date.toString().replace("-", "") + "-" + merchantId;
    }

    /** The account the bank debits: the city's, or the centre's for a pay-out. */
    public String from() {
        return direction == Direction.PAY_OUT ? CENTRE : city;
    }

    /** The account the bank credits: the centre's, the city's, the holder's or the merchant's. */
    public String to() {
        return switch (direction) {
            case PAY_IN -> CENTRE;
            case PAY_OUT -> city;
            case REFUND, MERCHANT -> payeeAccount;
        };
    }

    /** The account credited as pages and reports show it: a holder's or a merchant's account masked. */
    public String maskedTo() {
        return payeeAccount != null ? Mask.account(payeeAccount) : to();
    }
}
