package cn.yrd.onecard.clearing.validation;

import java.time.LocalDate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The checks that look across a card's records, as set-based SQL once every file of the day is loaded, so
 * the outcome does not depend on the order in which files loaded in parallel. Earlier records win: by
 * business date, then file, then line. Records of earlier business dates are read, never changed.
 * <ol>
 *   <li>duplicates (D01): a card's counter value accepted more than once;</li>
 *   <li>counter gaps (G01): a counter that skips values since the card's previous accepted record;</li>
 *   <li>balance chains (B02): a balance before that is not the previous accepted record's balance after.</li>
 * </ol>
 * Each pass suspends only records of the business date being cleared; rerunning finds nothing more to do.
 */
@Component
public class CardHistoryChecks {
    private final JdbcTemplate jdbc;

    public CardHistoryChecks(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Runs the three passes; returns how many records each suspended. */
    public int[] run(LocalDate date) {
        return new int[] {duplicates(date), gaps(date), chains(date)};
    }

    private int duplicates(LocalDate date) {
        return suspend(date, Reason.DUPLICATE, """
                SELECT file_id, line_no, CONCAT('counter ', counter, ' already cleared') AS detail FROM (
                  SELECT r.file_id, r.line_no, r.business_date, r.counter, ROW_NUMBER() OVER (
                    PARTITION BY r.card, r.counter_kind, r.counter
                    ORDER BY r.business_date, r.file_id, r.line_no) AS nth
                  FROM clearing_record r
                  WHERE r.status = 'A' AND r.counter_kind <> '-'
                    AND r.card IN (SELECT card FROM clearing_record WHERE business_date = ? AND counter_kind <> '-')
                ) ranked WHERE nth > 1 AND business_date = ?""");
    }

    private int gaps(LocalDate date) {
        return suspend(date, Reason.COUNTER_GAP, """
                SELECT file_id, line_no, CONCAT('counter ', counter, ' follows ', prev) AS detail FROM (
                  SELECT r.file_id, r.line_no, r.business_date, r.counter, LAG(r.counter) OVER (
                    PARTITION BY r.card, r.counter_kind ORDER BY r.counter, r.business_date, r.file_id, r.line_no) AS prev
                  FROM clearing_record r
                  WHERE r.status = 'A' AND r.counter_kind <> '-'
                    AND r.card IN (SELECT card FROM clearing_record WHERE business_date = ? AND counter_kind <> '-')
                ) ordered WHERE prev IS NOT NULL AND counter > prev + 1 AND business_date = ?""");
    }

    private int chains(LocalDate date) {
        return suspend(date, Reason.BALANCE_CHAIN, """
                SELECT file_id, line_no, CONCAT('balance before ', balance_before, ', previous balance after ', prev)
                       AS detail FROM (
                  SELECT r.file_id, r.line_no, r.business_date, r.balance_before, LAG(r.balance_after) OVER (
                    PARTITION BY r.card ORDER BY r.txn_time, r.counter_kind, r.counter, r.file_id, r.line_no) AS prev
                  FROM clearing_record r
                  WHERE r.status = 'A' AND r.counter_kind <> '-'
                    AND r.card IN (SELECT card FROM clearing_record WHERE business_date = ? AND counter_kind <> '-')
                ) ordered WHERE prev IS NOT NULL AND balance_before <> prev AND business_date = ?""");
    }

    /** Suspends the records {@code select} finds, through a temporary table (MySQL cannot update what it reads). */
    private int suspend(LocalDate date, Reason reason, String select) {
        jdbc.execute("DROP TEMPORARY TABLE IF EXISTS to_suspend");
        jdbc.execute("CREATE TEMPORARY TABLE to_suspend (file_id BIGINT, line_no INT, detail VARCHAR(200), "
                + "PRIMARY KEY (file_id, line_no))");
        jdbc.update("INSERT INTO to_suspend " + select, date, date);
        int n = jdbc.update("UPDATE clearing_record r JOIN to_suspend s ON r.file_id = s.file_id AND r.line_no = "
                + "s.line_no SET r.status = 'S', r.reason = ?, r.detail = s.detail", reason.code());
        jdbc.execute("DROP TEMPORARY TABLE to_suspend");
        return n;
    }
}
