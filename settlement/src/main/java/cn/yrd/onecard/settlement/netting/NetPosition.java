package cn.yrd.onecard.settlement.netting;

/**
 * A city's day across all business lines, in fen: what it is owed for other cities' cards and insured people
 * it served (receivable), what it owes for its own used elsewhere (payable), and the interchange it kept as
 * payer or gave up as payee. Net is positive for a net creditor.
 */
public record NetPosition(String city, long receivable, long payable, long feeIncome, long feeExpense) {

    public long net() {
        return receivable - payable;
    }
}
