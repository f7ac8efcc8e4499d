package cn.yrd.onecard.clearing.validation;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One purse record as a card's history needs it, kept small (a heavy night holds ten million of them): the
 * business date as a day number, the time as {@code yyyyMMddHHmmss}, a missing balance as {@link #NONE}. What
 * the card-history checks decided of it is set on it as they go.
 */
final class PurseRecord {
    /** The columns {@link #PurseRecord(ResultSet, int)} reads, in order, from {@code clearing_record r}. */
    static final String COLUMNS = "r.card, r.counter_kind, r.counter, r.status, TO_DAYS(r.business_date), r.file_id, "
            + "r.line_no, r.balance_before, r.balance_after, r.txn_time + 0, r.terminal_no, r.ttc";
    /** Only records proven to have happened, each once, are part of a card's history (see CardHistoryChecks). */
    static final String IN_HISTORY = "r.issuer_city IS NOT NULL AND NOT (r.status = 'S' AND r.reason IN ('T01', 'D01'))";
    static final long NONE = Long.MIN_VALUE;

    final String card;
    final char counterKind;
    final int counter;
    final boolean accepted;
    final int day;
    final long fileId;
    final int lineNo;
    final long balanceBefore;
    final long balanceAfter;
    final long time;
    final String terminalNo;
    final long ttc;
    long previousCounter = NONE;
    long previousBalanceAfter = NONE;
    boolean copy;
    boolean psamCopy;

    /** Reads {@link #COLUMNS} from the row, the first of them at column {@code after + 1}. */
    PurseRecord(ResultSet rs, int after) throws SQLException {
        card = rs.getString(after + 1);
        counterKind = rs.getString(after + 2).charAt(0);
        counter = rs.getInt(after + 3);
        accepted = "A".equals(rs.getString(after + 4));
        day = rs.getInt(after + 5);
        fileId = rs.getLong(after + 6);
        lineNo = rs.getInt(after + 7);
        balanceBefore = orNone(rs, rs.getLong(after + 8));
        balanceAfter = orNone(rs, rs.getLong(after + 9));
        time = rs.getLong(after + 10);
        terminalNo = rs.getString(after + 11);
        ttc = rs.getLong(after + 12);
    }

    private static long orNone(ResultSet rs, long value) throws SQLException {
        return rs.wasNull() ? NONE : value;
    }

    Object[] suspension(Reason reason, String detail) {
        return new Object[] {reason.code(), detail, fileId, lineNo};
    }
}
