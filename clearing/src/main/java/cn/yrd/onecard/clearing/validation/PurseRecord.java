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
     * Writes this record as {@link #readFrom} reads it back, in about 40 bytes: its file is the chunk's, numbers as
     * variable-length integers, the terminal's 12 hex digits as 6 bytes.
     */
    void writeTo(ChunkBytes out) {
        long hexTerminal = terminalNo == null ? -1 : twelveHexDigits(terminalNo);
        out.putLong(card);
        out.put(counterKind);
        out.put((accepted ? 1 : 0) | (balanceBefore == NONE ? 2 : 0) | (balanceAfter == NONE ? 4 : 0)
                | (terminalNo == null ? 8 : 0) | (hexTerminal >= 0 ? 16 : 0));
        out.varint(counter);
        out.varint(day);
        out.varint(lineNo);
        if (balanceBefore != NONE) {
            out.varint(balanceBefore);
        }
        if (balanceAfter != NONE) {
            out.varint(balanceAfter);
        }
        out.varint(time);
        if (hexTerminal >= 0) {
            out.putShort((int) (hexTerminal >>> 32));
            out.putInt((int) hexTerminal);
        } else if (terminalNo != null) {
            out.putUtf(terminalNo);
        }
        out.varint(ttc);
    }

    /**
     * A record {@link #writeTo} wrote, of file {@code fileId}; its terminal number, if of 12 hex digits, the one of
     * {@code terminals} (by its value), as {@link #loaded} shares them.
     */
    static PurseRecord readFrom(ByteBuffer in, long fileId, Map<Long, String> terminals) {
        long card = in.getLong();
        char counterKind = (char) (in.get() & 0xFF);
        int flags = in.get() & 0xFF;
        int counter = (int) ChunkBytes.varint(in);
        int day = (int) ChunkBytes.varint(in);
        int lineNo = (int) ChunkBytes.varint(in);
        long balanceBefore = (flags & 2) != 0 ? NONE : ChunkBytes.varint(in);
        long balanceAfter = (flags & 4) != 0 ? NONE : ChunkBytes.varint(in);
        long time = ChunkBytes.varint(in);
        String terminalNo = null;
        if ((flags & 16) != 0) {
            long t = ((long) (in.getShort() & 0xFFFF) << 32) | (in.getInt() & 0xFFFFFFFFL);
            // 16 digits, of which the terminal number is the last 12
            terminalNo = terminals.computeIfAbsent(t, v -> HEX.toHexDigits(v).substring(4));
        } else if ((flags & 8) == 0) {
            terminalNo = ChunkBytes.utf(in);
        }
        return new PurseRecord(card, counterKind, counter, (flags & 1) != 0, day, fileId, lineNo, balanceBefore,
                balanceAfter, time, terminalNo, ChunkBytes.varint(in));
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
