package cn.yrd.onecard.settlement.intake;

/**
 * One line of the clearing result: a business line's cleared business between a payer and a payee city, in
 * fen. Net = gross - fees: the payer pays the net and keeps the interchange fee (docs/settlement.md).
 */
public record PairTotal(String businessLine, String payer, String payee, long count, long gross, long fees,
        long net) {

    /** Local business is reported but not settled between cities. */
    public boolean local() {
        return payer.equals(payee);
    }

    String key() {
        return businessLine + "|" + payer + "|" + payee;
    }
}
