package cn.yrd.onecard.clearing.job;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Checks the control totals (for every file of the day: received = accepted + suspended, in count and in
 * amount) and writes the day's totals per business line and (payer, payee). A mismatch fails the job before
 * any total is written. Rerunning replaces the day's totals with the same figures. The day's records are read
 * through its files, in key order.
 */
@Component
class TotalsTasklet implements Tasklet {
    private final JdbcTemplate jdbc;

    TotalsTasklet(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunk) {
        LocalDate date = JobParams.businessDate(chunk);
        List<Map<String, Object>> mismatches = jdbc.queryForList("""
                SELECT f.file_name, f.record_count, f.amount_total,
                       COUNT(r.line_no) AS got_count, COALESCE(SUM(r.file_amount), 0) AS got_amount
                FROM day_file f LEFT JOIN clearing_record r ON r.file_id = f.id
                WHERE f.business_date = ?
                GROUP BY f.id, f.file_name, f.record_count, f.amount_total
                HAVING COUNT(r.line_no) <> f.record_count OR COALESCE(SUM(r.file_amount), 0) <> f.amount_total
                """, date);
        if (!mismatches.isEmpty()) {
            Map<String, Object> m = mismatches.get(0);
            throw new IllegalStateException("control totals of " + m.get("file_name") + ": received "
                    + m.get("record_count") + " records / " + m.get("amount_total") + " fen, accepted + suspended "
                    + m.get("got_count") + " / " + m.get("got_amount") + " fen");
        }
        jdbc.update("DELETE FROM clearing_total WHERE business_date = ?", date);
        jdbc.update("""
                INSERT INTO clearing_total (business_date, business_line, payer_city, payee_city, record_count,
                    gross, fees, net)
                SELECT f.business_date, r.business_line, r.payer_city, r.payee_city, COUNT(*), SUM(r.amount),
                       SUM(r.fee), SUM(r.amount) - SUM(r.fee)
                FROM day_file f JOIN clearing_record r ON r.file_id = f.id
                WHERE f.business_date = ? AND r.status = 'A'
                GROUP BY f.business_date, r.business_line, r.payer_city, r.payee_city
                """, date);
        return RepeatStatus.FINISHED;
    }
}
