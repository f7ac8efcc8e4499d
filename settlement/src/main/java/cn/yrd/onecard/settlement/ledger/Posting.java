package cn.yrd.onecard.settlement.ledger;

/** One line of a journal entry: an account debited or credited, in fen. */
public record Posting(String account, long debit, long credit) {

    public Posting {
        if (debit < 0 || credit < 0 || (debit != 0) == (credit != 0)) {
            throw new IllegalArgumentException("a posting to " + account + " debits or credits a positive amount, "
                    + "not " + debit + "/" + credit);
        }
    }

    public static Posting debit(String account, long fen) {
        return new Posting(account, fen, 0);
    }

    public static Posting credit(String account, long fen) {
        return new Posting(account, 0, fen);
    }
}
