package cn.yrd.onecard.dayfile;

import java.util.Arrays;
import java.util.List;

/**
 * What a day file carries; the second field of its header. Each kind is also the business line its records are
 * cleared and settled under, in this order wherever lines are listed.
 */
public enum DayFileKind {
    /** An acquirer's purse transactions: rides and loads. */
    TRANSIT,
    /** An acquirer's merchant payments from the purse: shops, taxis, car parks, fuel, utility bills. */
    MERCHANT,
    /** A hospital's medical claims paid with citizen cards. */
    MEDICAL,
    /** A pension agent's payouts and proofs of life. */
    PENSION;

    /** The business lines' names, in order: {@code TRANSIT, MERCHANT, MEDICAL, PENSION}. */
    public static List<String> businessLines() {
        return Arrays.stream(values()).map(Enum::name).toList();
    }
}
