package cn.yrd.onecard.dayfile;

/** What a day file carries; the second field of its header. */
public enum DayFileKind {
    /** An acquirer's purse transactions: rides and loads. */
    TRANSIT,
    /** A hospital's medical claims paid with citizen cards. */
    MEDICAL,
    /** A pension agent's payouts and proofs of life. */
    PENSION
}
