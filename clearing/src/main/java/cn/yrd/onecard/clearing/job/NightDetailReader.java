package cn.yrd.onecard.clearing.job;

import cn.yrd.onecard.dayfile.ControlledFrame;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

/**
 * The night's records as the detail files print them, in file order (same name, then the order the files were taken
 * in) and line order, and the night's totals added up from those same lines. Read from the server in segments of a
 * file's lines, several at once on connections of their own, and handed over strictly in order. One stream of the
 * night's rows, each with its line and the totals' columns, took 2.6 to 3.9 s of a million-record night: the server
 * formatting the lines and the driver decoding the columns, one at a time. So each row is now one column, its line,
 * from which the totals take their fields; the reading threads encode it and add up their segment's totals, and the
 * caller's thread only writes. At most {@code 2 ×} the threads' segments are held at a time, whatever the size of a
 * file. The records were committed by earlier steps, so every connection reads the same rows.
 */
final class NightDetailReader {
    /** Lines of a file in one read: about 3 MB held. */
    private static final int SEGMENT = 20_000;
    /** Readers at once: the machine's cores, at most four (their connections come from the step's own pool). */
    private static final int THREADS = Math.min(4, Runtime.getRuntime().availableProcessors());
    /** Segments read ahead of the one being handed over. */
    private static final int AHEAD = 2 * THREADS;
    /** The fields of a line after its file's name, as {@link #read} selects it. */
    private static final int BUSINESS_LINE = 1;
    private static final int PAYER = 3;
    private static final int PAYEE = 4;
    private static final int AMOUNT = 7;
    private static final int FEE = 8;
    private static final int STATUS = 11;
    private static final int FILE_AMOUNT = 13;
    private static final int FIELDS = 14;

    /** {@code line}: the detail line, checked and encoded on a reading thread. */
    interface Sink {
        void line(String payer, String payee, ControlledFrame.Body line);
    }

    private record Segment(long fileId, String fileName, int fromLine, int toLine) {
    }

    private record Line(String payer, String payee, ControlledFrame.Body line) {
    }

    private record Read(List<Line> lines, NightTotals totals) {
    }

    /** A file's first and last line. */
    static final String FIRST_AND_LAST = "SELECT MIN(line_no) AS first, MAX(line_no) AS last FROM clearing_record "
            + "WHERE file_id = ?";

    private final JdbcTemplate jdbc;
    private final int segment;

    NightDetailReader(JdbcTemplate jdbc) {
        this(jdbc, SEGMENT);
    }

    /** {@code segment}: lines of a file in one read. */
    NightDetailReader(JdbcTemplate jdbc, int segment) {
        this.jdbc = jdbc;
        this.segment = segment;
    }

    /** Every record of the files of {@code night}, in order, to {@code sink} on the calling thread; their totals. */
    NightTotals forEach(LocalDate night, Sink sink) throws Exception {
        NightTotals totals = new NightTotals();
        Deque<Segment> todo = new ArrayDeque<>(segments(night));
        Deque<Future<Read>> reading = new ArrayDeque<>();
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            while (!todo.isEmpty() || !reading.isEmpty()) {
                while (reading.size() < AHEAD && !todo.isEmpty()) {
                    Segment s = todo.poll();
                    reading.add(threads.submit(() -> read(s)));
                }
                Read read;
                try {
                    read = reading.poll().get();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
                for (Line line : read.lines()) {
                    sink.line(line.payer(), line.payee(), line.line());
                }
                totals.add(read.totals());
            }
        } finally {
            threads.shutdownNow();
        }
        return totals;
    }

    private List<Segment> segments(LocalDate night) {
        List<Segment> segments = new ArrayList<>();
        for (Map<String, Object> f : jdbc.queryForList("SELECT id, file_name FROM day_file WHERE night = ? "
                + "ORDER BY file_name, id", night)) {
            long id = ((Number) f.get("id")).longValue();
            // The file's first and last line: MIN and MAX over one file's range of the key, which the server reads at
            // the range's two ends ("Select tables optimized away") whatever its statistics say. As dependent
            // subqueries (ORDER BY line_no LIMIT 1) of the files' query, on a table whose statistics still counted it
            // empty after the night's load, the server scanned the key from its start for each file: 2.8 s of a
            // million-record night, once the load finished before the statistics were recounted.
            Map<String, Object> ends = jdbc.queryForMap(FIRST_AND_LAST, id);
            if (ends.get("first") == null) {
                continue; // a file with no records has none to read
            }
            int first = ((Number) ends.get("first")).intValue();
            int last = ((Number) ends.get("last")).intValue();
            for (long from = first; from <= last; from += segment) {
                segments.add(new Segment(id, (String) f.get("file_name"), (int) from,
                        (int) Math.min(last, from + segment - 1)));
            }
        }
        return segments;
    }

    private Read read(Segment s) {
        List<Line> lines = new ArrayList<>(s.toLine() - s.fromLine() + 1);
        NightTotals totals = new NightTotals();
        String prefix = "D|" + s.fileName() + "|";
        int[] at = new int[FIELDS + 1];
        jdbc.query(con -> {
            var ps = con.prepareStatement("""
                    SELECT CONCAT_WS('|', r.line_no, r.business_line, r.card, r.payer_city, r.payee_city,
                           r.txn_type, r.counter, r.amount, r.fee,
                           -- a purchase larger than the balance (B01) leaves no balance the card ever had
                           CASE WHEN r.balance_after >= 0 THEN r.balance_after ELSE '' END,
                           -- YYYYMMDDhhmmss as a number: the same digits as DATE_FORMAT's for a DATETIME of
                           -- whole seconds in years 1000 to 9999 (a record's time is within days of its night);
                           -- DATE_FORMAT was a quarter of the server's cost of formatting the line
                           r.txn_time + 0, r.status, COALESCE(r.reason, ''),
                           r.file_amount)
                    FROM clearing_record r WHERE r.file_id = ? AND r.line_no BETWEEN ? AND ? ORDER BY r.line_no""",
                    ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            // Streamed: the server formats the next rows while these are decoded.
            ps.setFetchSize(Integer.MIN_VALUE);
            ps.setLong(1, s.fileId());
            ps.setInt(2, s.fromLine());
            ps.setInt(3, s.toLine());
            return ps;
        }, (RowCallbackHandler) rs -> {
            String text = rs.getString(1);
            // Every field is there, empty or not: CONCAT_WS leaves out only NULLs, and none is NULL.
            at[0] = -1;
            for (int f = 1; f < FIELDS; f++) {
                at[f] = text.indexOf('|', at[f - 1] + 1);
            }
            at[FIELDS] = text.length();
            String payer = field(text, at, PAYER);
            String payee = field(text, at, PAYEE);
            totals.add(s.fileId(), field(text, at, STATUS).equals("A"), field(text, at, BUSINESS_LINE), payer, payee,
                    number(text, at, FILE_AMOUNT), number(text, at, AMOUNT), number(text, at, FEE));
            lines.add(new Line(payer, payee, ControlledFrame.Body.of(prefix + text)));
        });
        return new Read(lines, totals);
    }

    private static String field(String text, int[] at, int field) {
        return text.substring(at[field] + 1, at[field + 1]);
    }

    private static long number(String text, int[] at, int field) {
        return Long.parseLong(text, at[field] + 1, at[field + 1], 10);
    }
}
