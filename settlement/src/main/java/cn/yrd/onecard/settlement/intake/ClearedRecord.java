package cn.yrd.onecard.settlement.intake;

import java.time.LocalDateTime;

/**
 * One line of the clearing detail: a record of a day file as clearing decided it. Amounts in fen: {@code amount} is
 * what the payer owes (a claim's fund-paid part), {@code fileAmount} what the day file gave (a claim's whole bill).
 */
public record ClearedRecord(String dayFile, int line, String businessLine, String card, String payer,
        String payee, String type, int counter, long amount, long fee, Long balanceAfter, LocalDateTime time,
        boolean accepted, String reason, long fileAmount) {
    /** The transaction type of a load (card-protocol's TransactionType). */
    public static final String LOAD = "02";

    /** A load is owed by the kiosk's city to the card's issuer; any other purse record by the issuer. */
    public String issuerCity() {
        return type.equals(LOAD) ? payee : payer;
    }

    /** The card's balance before this record: a load added its amount, any other purse record took it (null: none). */
    public Long balanceBefore() {
        return balanceAfter == null ? null : type.equals(LOAD) ? Math.subtractExact(balanceAfter, amount)
                : Math.addExact(balanceAfter, amount);
    }

    /** Where the card was used or loaded. */
    public String acquirerCity() {
        return type.equals(LOAD) ? payer : payee;
    }

    String key() {
        return businessLine + "|" + payer + "|" + payee;
    }
}
