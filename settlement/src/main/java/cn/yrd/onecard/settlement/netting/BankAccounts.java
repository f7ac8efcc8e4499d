package cn.yrd.onecard.settlement.netting;

/**
 * A holder's account for a refund, as the bank takes it: a bank card number (UnionPay's), 12 to 19 digits whose last
 * is the Luhn check digit. Checked before a refund is decided, so that a mistyped number is refused at the counter
 * rather than by the bank a night later.
 */
public final class BankAccounts {
    private BankAccounts() {
    }

    public static boolean wellFormed(String account) {
        return problem(account) == null;
    }

    /** What is wrong with {@code account}, in a few words; null when nothing is. */
    public static String problem(String account) {
        if (account == null || !account.matches("[0-9]{12,19}")) {
            return "a bank card number is 12 to 19 digits";
        }
        int sum = 0;
        for (int i = 0; i < account.length(); i++) {
            int digit = account.charAt(account.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
            }
            sum += digit;
        }
        return sum % 10 == 0 ? null : "the bank card number's check digit is wrong: look at the card again";
    }
}
