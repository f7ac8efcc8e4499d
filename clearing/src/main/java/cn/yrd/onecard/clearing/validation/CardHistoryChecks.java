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
 *   <li>counter gaps (G01): a counter that skips values since the card's previous record: a record never
 *       received (a suspended record was received, so it leaves no gap);</li>
 *   <li>balance chains (B02): a balance before that is not the previous record's balance after.</li>
 * </ol>
 * Only accepted records of the business date being cleared are suspended; rerunning finds nothing more to do.
 */
@Component
public class CardHistoryChecks {
    private final JdbcTemplate jdbc;

    public CardHistoryChecks(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** One pass over the day's cards; returns how many records it suspended for D01, G01 and B02. */
    public int[] run(LocalDate date) {
        // Three sorts of the cards' records: with the server's default 2 MB sort buffer a million records
        // merge on disk (~12 s); with these, in memory (~4 s). For this statement only: the pooled connection
        // gets its defaults back.
        jdbc.execute("SET SESSION sort_buffer_size = 268435456, tmp_table_size = 1073741824, "
                + "max_heap_table_size = 1073741824");
        try {
            return suspend(date);
        } finally {
            jdbc.execute("SET SESSION sort_buffer_size = DEFAULT, tmp_table_size = DEFAULT, "
                    + "max_heap_table_size = DEFAULT");
        }
    }

    private int[] suspend(LocalDate date) {
        jdbc.execute("DROP TEMPORARY TABLE IF EXISTS to_suspend");
        jdbc.execute("CREATE TEMPORARY TABLE to_suspend (file_id BIGINT, line_no INT, reason CHAR(3), "
                + "detail VARCHAR(200), PRIMARY KEY (file_id, line_no))");
        // All three orders in one scan of the cards' accepted records; a record gets its first failing reason.
        // Records not proven to have happened (a TAC that does not verify) and second copies are no part of a
        // card's history: a forged record must not break the chain of the genuine ones around it.
        jdbc.update("""
                INSERT INTO to_suspend
                SELECT file_id, line_no,
                       CASE WHEN nth > 1 THEN 'D01' WHEN counter > prev_counter + 1 THEN 'G01' ELSE 'B02' END,
                       CASE WHEN nth > 1 THEN CONCAT('counter ', counter, ' already cleared')
                            WHEN counter > prev_counter + 1 THEN CONCAT('counter ', counter, ' follows ', prev_counter)
                            ELSE CONCAT('balance before ', balance_before, ', previous balance after ', prev_balance)
                       END
                FROM (
                  SELECT r.file_id, r.line_no, r.business_date, r.status, r.counter, r.balance_before,
                    ROW_NUMBER() OVER (PARTITION BY r.card, r.counter_kind, r.counter, r.status
                                       ORDER BY r.business_date, r.file_id, r.line_no) AS nth,
                    LAG(r.counter) OVER (PARTITION BY r.card, r.counter_kind
                                         ORDER BY r.counter, r.business_date, r.file_id, r.line_no) AS prev_counter,
                    LAG(r.balance_after) OVER (PARTITION BY r.card
                                         ORDER BY r.txn_time, r.counter_kind, r.counter, r.file_id, r.line_no) AS prev_balance
                  FROM clearing_record r
                  WHERE r.counter_kind <> '-'
                    AND NOT (r.status = 'S' AND r.reason IN ('T01', 'D01'))
                    AND EXISTS (SELECT 1 FROM clearing_record t WHERE t.card = r.card AND t.business_date = ?
                                AND t.counter_kind <> '-')
                ) history
                WHERE business_date = ? AND status = 'A'
                  AND (nth > 1 OR counter > prev_counter + 1 OR balance_before <> prev_balance)
                """, date, date);
        int[] counts = new int[3];
        for (var row : jdbc.queryForList("SELECT reason, COUNT(*) AS n FROM to_suspend GROUP BY reason")) {
            int n = ((Number) row.get("n")).intValue();
            switch ((String) row.get("reason")) {
                case "D01" -> counts[0] = n;
                case "G01" -> counts[1] = n;
                default -> counts[2] = n;
            }
        }
        jdbc.update("UPDATE clearing_record r JOIN to_suspend s ON r.file_id = s.file_id AND r.line_no = s.line_no "
                + "SET r.status = 'S', r.reason = s.reason, r.detail = s.detail");
        jdbc.execute("DROP TEMPORARY TABLE to_suspend");
        return counts;
    }
}
