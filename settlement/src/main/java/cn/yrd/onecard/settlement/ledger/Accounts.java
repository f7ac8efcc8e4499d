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

    /** The city's net position for the day until the bank moves it: debit for a debtor, credit for a creditor. */
    public static String settlement(String city) {
        return city + ".SETTLEMENT";
    }
}
