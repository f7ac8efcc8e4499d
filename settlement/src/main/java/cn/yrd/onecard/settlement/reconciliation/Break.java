package cn.yrd.onecard.settlement.reconciliation;

/**
 * A difference reconciliation found, with what finance staff should do about it. Amounts in fen; null where
 * one side has nothing.
 */
public record Break(Kind kind, String reference, Long expected, Long actual, String action) {

    public enum Kind {
        /** An instruction the bank did not execute. */
        MISSING,
        /** A transfer the centre never instructed. */
        UNEXPECTED,
        /** A transfer of another amount than instructed. */
        AMOUNT_DIFFERS,
        /** A transfer between other accounts than instructed. */
        WRONG_ACCOUNTS,
        /** An instruction executed more than once. */
        DUPLICATE,
        /** A city's statement differs from clearing for a pair. */
        DIFFERS,
        /** A city states business clearing does not have. */
        NOT_CLEARED,
        /** Clearing has business the city's statement does not state. */
        NOT_STATED
    }
}
