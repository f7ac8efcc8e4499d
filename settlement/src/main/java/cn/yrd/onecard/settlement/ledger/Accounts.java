package cn.yrd.onecard.settlement.ledger;

/**
 * The ledger's chart of accounts (docs/settlement.md): per city, what the centre is owed by it and owes to it
 * by business line, its interchange income and expense, and its settlement position with the centre; and the
 * centre's account at the settlement bank.
 */
public final class Accounts {
    public static final String CENTRE_BANK = "CENTRE.BANK";

    private Accounts() {
    }

    /** What the city owes the centre for business line {@code line} (debit balance). */
    public static String dueFrom(String city, String line) {
        return city + ".DUE_FROM." + line;
    }

    /** What the centre owes the city for business line {@code line} (credit balance). */
    public static String dueTo(String city, String line) {
        return city + ".DUE_TO." + line;
    }

    public static String feeIncome(String city) {
        return city + ".FEE_INCOME";
    }

    public static String feeExpense(String city) {
        return city + ".FEE_EXPENSE";
    }

    /**
     * What the city owes the holders of its cards: the money on them (credit balance). Every night it equals the sum
     * of its cards' shadow balances (settlement's CardFloat checks it).
     */
    public static String cardFloat(String city) {
        return city + ".CARD_FLOAT";
    }

    /** The city's money behind its cards' float: loads paid in, purchases and refunds paid out (debit balance). */
    public static String cardFunds(String city) {
        return city + ".CARD_FUNDS";
    }

    /** What the city's cards held when the centre first saw them: their balance before their first cleared record. */
    public static String cardOpening(String city) {
        return city + ".CARD_OPENING";
    }

    /**
     * What the city owes holders whose lost card's money is on its way to their bank account: refunds decided and not
     * yet confirmed paid by the bank (credit balance).
     */
    public static String refundsDue(String city) {
        return city + ".REFUNDS_DUE";
    }

    /**
     * What the city owes the merchants it acquires: their payments' net, from the day it is settled until the bank
     * confirms the transfer (credit balance).
     */
    public static String merchantsDue(String city) {
        return city + ".MERCHANTS_DUE";
    }

    /** The city's money set aside for its merchants' payouts until the bank pays them out (debit balance). */
    public static String merchantFunds(String city) {
        return city + ".MERCHANT_FUNDS";
    }

    /**
     * What the city's medical or pension fund ({@code fund}: MEDICAL, PENSION) has paid through the centre for its
     * insured and pensioners away from home: claims and payouts less reversals (debit balance), for the city to
     * recover from its fund (docs/social-security.md, "The funds in the ledger").
     */
    public static String fund(String city, String fund) {
        return city + ".FUND." + fund;
    }

    /** What the city's settlements with the centre advanced for its funds' business away from home (credit). */
    public static String fundsAdvanced(String city) {
        return city + ".FUNDS_ADVANCED";
    }

    /** The cash in the city's service counters' tills: a refund paid in cash leaves it (credit). */
    public static String counterCash(String city) {
        return city + ".COUNTER_CASH";
    }

    /**
     * Movements of the city's cards' balances that no cleared record explains: a record of the card in suspense, or
     * missing, between two that were accepted. For finance staff to explain; zero on a clean day.
     */
    public static String cardGaps(String city) {
        return city + ".CARD_GAPS";
    }

    /** The city's net position for the day until the bank moves it: debit for a debtor, credit for a creditor. */
    public static String settlement(String city) {
        return city + ".SETTLEMENT";
    }
}
