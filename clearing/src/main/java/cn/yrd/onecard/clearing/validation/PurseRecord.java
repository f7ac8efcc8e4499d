package cn.yrd.onecard.clearing.validation;

import cn.yrd.onecard.card.TransactionType;
import cn.yrd.onecard.record.PurseOrder;
import cn.yrd.onecard.record.TransitRecord;
import java.nio.ByteBuffer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Map;

/**
 * One purse record as a card's history needs it, kept small (a heavy night holds ten million of them): the card
 * serial as a number, the business date as an epoch day, the time as {@code yyyyMMddHHmmss}, a missing balance as
 * {@link #NONE}. It comes from the loader (the file it just loaded) or from the server (a file loaded by an
 * earlier run, a record of another night); what the card-history checks decided of it is set on it as they go.
 */
public final class PurseRecord {
    /**
     * The columns {@link #read} reads, in order, from {@code clearing_record r} joined to its {@code day_file f}: the
     * record's day is the night that cleared it (a late file's records belong to the night that took them in).
     */
    static final String COLUMNS = "r.card, r.counter_kind, r.counter, r.status, "
            + "DATEDIFF(f.night, '1970-01-01'), r.file_id, r.line_no, r.balance_before, r.balance_after, "
            + "r.txn_time + 0, r.terminal_no, r.ttc";
    /** Only records proven to have happened, each once, are part of a card's history (see CardHistoryChecks). */
    static final String IN_HISTORY =
            "r.issuer_city IS NOT NULL AND NOT (r.status = 'S' AND r.reason IN ('T01', 'D01'))";
    static final long NONE = Long.MIN_VALUE;

    final long card;
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

    PurseRecord(long card, char counterKind, int counter, boolean accepted, int day, long fileId, int lineNo,
            long balanceBefore, long balanceAfter, long time, String terminalNo, long ttc) {
        this.card = card;
        this.counterKind = counterKind;
        this.counter = counter;
        this.accepted = accepted;
        this.day = day;
        this.fileId = fileId;
        this.lineNo = lineNo;
        this.balanceBefore = balanceBefore;
        this.balanceAfter = balanceAfter;
        this.time = time;
        this.terminalNo = terminalNo;
        this.ttc = ttc;
    }

    /**
     * A record the loader has just written as line {@code lineNo} of {@code fileId}, accepted or suspended for
     * {@code reason}; null if it is no part of a card's history (as {@link #IN_HISTORY} says). Its terminal number is
     * the one of {@code terminals} (the file's, one string each), not the parser's copy: a validator's taps share it,
     * and a night of ten million records held ten million copies until card history (a third of the records' heap,
     * and two of their three objects, which the collector's concurrent marks went through again and again).
     */
    public static PurseRecord loaded(TransitRecord r, long fileId, int lineNo, LocalDate businessDate, String reason,
            Map<String, String> terminals) {
        if (Reason.TAC.code().equals(reason) || Reason.DUPLICATE.code().equals(reason)) {
            return null;
        }
        boolean load = r.type() == TransactionType.LOAD; // counted by the online ATC, as the loader writes it
        return new PurseRecord(Long.parseLong(r.cardSerial().digits()), load ? 'N' : 'O', r.atc(), reason == null,
                (int) businessDate.toEpochDay(), fileId, lineNo, r.balanceBefore(), r.balanceAfter(), stamp(r.time()),
                r.terminalNo() == null ? null : terminals.computeIfAbsent(r.terminalNo(), t -> t), r.ttc());
    }

    /** Reads {@link #COLUMNS} from the row, the first of them at column {@code after + 1}. */
    static PurseRecord read(ResultSet rs, int after) throws SQLException {
        return new PurseRecord(Long.parseLong(rs.getString(after + 1)), rs.getString(after + 2).charAt(0),
                rs.getInt(after + 3), "A".equals(rs.getString(after + 4)), rs.getInt(after + 5), rs.getLong(after + 6),
                rs.getInt(after + 7), orNone(rs, rs.getLong(after + 8)), orNone(rs, rs.getLong(after + 9)),
                rs.getLong(after + 10), rs.getString(after + 11), rs.getLong(after + 12));
    }

    /**
     * Writes this record as {@link #readFrom} reads it back, against the record before it in the chunk ({@code at},
     * which it moves on): a flags byte, the card (from the city's first serial when one of its own), the counter, the
     * day, line, time and TTC as differences from the record before (the TTC from its terminal's last), the balance
     * after from the balance before, and the terminal's number once a chunk (12 hex digits in 6 bytes), then its
     * place. Numbers are variable-length; differences wrap as {@code long}s do, and so come back exact.
     */
    void writeTo(ChunkBytes out, ChunkDeltas at) {
        if (counterKind != 'N' && counterKind != 'O') {
            throw new IllegalStateException("counter kind " + counterKind + " of a purse record"); // the loader's two
        }
        long inCity = at.cardInCity(card);
        Integer place = terminalNo == null ? null : at.placeOf(terminalNo);
        long hexTerminal = terminalNo == null || place != null ? -1 : twelveHexDigits(terminalNo);
        out.put((accepted ? ACCEPTED : 0) | (balanceBefore == NONE ? NO_BALANCE_BEFORE : 0)
                | (balanceAfter == NONE ? NO_BALANCE_AFTER : 0) | (terminalNo == null ? NO_TERMINAL : 0)
                | (terminalNo != null && place == null ? NEW_TERMINAL : 0) | (hexTerminal >= 0 ? HEX_TERMINAL : 0)
                | (inCity >= 0 ? CARD_IN_CITY : 0) | (counterKind == 'N' ? ONLINE_COUNTER : 0));
        if (inCity >= 0) {
            out.varint(inCity);
        } else {
            out.putLong(card);
        }
        out.varint(counter);
        out.varint((long) day - at.day);
        out.varint(lineNo - at.lineNo);
        if (balanceBefore != NONE) {
            out.varint(balanceBefore);
        }
        if (balanceAfter != NONE) {
            out.varint(balanceBefore == NONE ? balanceAfter : balanceAfter - balanceBefore);
        }
        out.varint(time - at.time);
        at.day = day;
        at.lineNo = lineNo;
        at.time = time;
        if (terminalNo == null) {
            out.varint(ttc);
            return;
        }
        if (place != null) {
            out.varint(place);
        } else {
            place = at.newPlace(terminalNo);
            if (hexTerminal >= 0) {
                out.putShort((int) (hexTerminal >>> 32));
                out.putInt((int) hexTerminal);
            } else {
                out.putUtf(terminalNo);
            }
        }
        out.varint(ttc - at.lastTtc(place));
        at.lastTtc(place, ttc);
    }

    private static final int ACCEPTED = 1;
    private static final int NO_BALANCE_BEFORE = 2;
    private static final int NO_BALANCE_AFTER = 4;
    private static final int NO_TERMINAL = 8;
    private static final int NEW_TERMINAL = 16;
    private static final int HEX_TERMINAL = 32;
    private static final int CARD_IN_CITY = 64;
    private static final int ONLINE_COUNTER = 128;

    /** A record {@link #writeTo} wrote against {@code at}, of file {@code fileId}. */
    static PurseRecord readFrom(ByteBuffer in, long fileId, ChunkDeltas at) {
        int flags = in.get() & 0xFF;
        long card = (flags & CARD_IN_CITY) != 0 ? at.card(ChunkBytes.varint(in)) : in.getLong();
        int counter = (int) ChunkBytes.varint(in);
        int day = (int) (at.day + ChunkBytes.varint(in));
        long lineNo = at.lineNo + ChunkBytes.varint(in);
        long balanceBefore = (flags & NO_BALANCE_BEFORE) != 0 ? NONE : ChunkBytes.varint(in);
        long balanceAfter = (flags & NO_BALANCE_AFTER) != 0 ? NONE
                : balanceBefore == NONE ? ChunkBytes.varint(in) : balanceBefore + ChunkBytes.varint(in);
        long time = at.time + ChunkBytes.varint(in);
        at.day = day;
        at.lineNo = lineNo;
        at.time = time;
        String terminalNo = null;
        long ttc;
        if ((flags & NO_TERMINAL) != 0) {
            ttc = ChunkBytes.varint(in);
        } else {
            int place;
            if ((flags & NEW_TERMINAL) == 0) {
                place = (int) ChunkBytes.varint(in);
                terminalNo = at.terminal(place);
            } else {
                if ((flags & HEX_TERMINAL) != 0) {
                    long t = ((long) (in.getShort() & 0xFFFF) << 32) | (in.getInt() & 0xFFFFFFFFL);
                    // 16 digits, of which the terminal number is the last 12
                    terminalNo = at.named(t, v -> HEX.toHexDigits(v).substring(4));
                } else {
                    terminalNo = at.named(ChunkBytes.utf(in));
                }
                place = at.places() - 1;
            }
            ttc = at.lastTtc(place) + ChunkBytes.varint(in);
            at.lastTtc(place, ttc);
        }
        return new PurseRecord(card, (flags & ONLINE_COUNTER) != 0 ? 'N' : 'O', counter,
                (flags & ACCEPTED) != 0, day, fileId, (int) lineNo, balanceBefore, balanceAfter, time, terminalNo, ttc);
    }

    private static final java.util.HexFormat HEX = java.util.HexFormat.of().withUpperCase();

    /**
     * A terminal number of 12 upper-case hex digits as the number they spell (6 bytes in a chunk), else -1; a loop,
     * not a regex: per record.
     */
    private static long twelveHexDigits(String t) {
        if (t.length() != 12) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < 12; i++) {
            char c = t.charAt(i);
            int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (digit < 0) {
                return -1;
            }
            value = value << 4 | digit;
        }
        return value;
    }

    private static long orNone(ResultSet rs, long value) throws SQLException {
        return rs.wasNull() ? NONE : value;
    }

    /** {@code yyyyMMddHHmmss} as a number, as the server's {@code txn_time + 0}: the same order as the times. */
    private static long stamp(LocalDateTime t) {
        return ((((t.getYear() * 100L + t.getMonthValue()) * 100 + t.getDayOfMonth()) * 100 + t.getHour()) * 100
                + t.getMinute()) * 100 + t.getSecond();
    }

    /** What the card's order of its records needs of this one. */
    PurseOrder.Step step() {
        return new PurseOrder.Step(counterKind == 'N', counter, balanceBefore, balanceAfter, time);
    }

    Object[] suspension(Reason reason, String detail) {
        return new Object[] {reason.code(), detail, fileId, lineNo};
    }
}
