package cn.yrd.onecard.clearing.job;

import cn.yrd.onecard.clearing.validation.PurseRecordChunks;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
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
        // One scan of the day, in key order, grouped finely enough for both the control totals and the pairs' totals.
        List<Map<String, Object>> groups = jdbc.queryForList("""
                SELECT r.file_id, r.status, r.business_line, r.payer_city, r.payee_city, COUNT(*) AS n,
                       SUM(r.file_amount) AS received, SUM(r.amount) AS gross, SUM(r.fee) AS fees
                FROM day_file f JOIN clearing_record r ON r.file_id = f.id
                WHERE f.night = ?
                GROUP BY r.file_id, r.status, r.business_line, r.payer_city, r.payee_city
                """, date);
        Map<Long, long[]> byFile = new HashMap<>();
        Map<List<String>, long[]> byPair = new HashMap<>(); // (business line, payer, payee): count, gross, fees
        for (Map<String, Object> g : groups) {
            long n = number(g, "n");
            long[] file = byFile.computeIfAbsent(number(g, "file_id"), f -> new long[2]);
            file[0] = Math.addExact(file[0], n);
            file[1] = Math.addExact(file[1], number(g, "received"));
            if ("A".equals(g.get("status"))) {
                long[] pair = byPair.computeIfAbsent(List.of((String) g.get("business_line"),
                        (String) g.get("payer_city"), (String) g.get("payee_city")), k -> new long[3]);
                pair[0] = Math.addExact(pair[0], n);
                pair[1] = Math.addExact(pair[1], number(g, "gross"));
                pair[2] = Math.addExact(pair[2], number(g, "fees"));
            }
        }
        for (Map<String, Object> f : jdbc.queryForList("SELECT id, file_name, record_count, amount_total FROM day_file "
                + "WHERE night = ? ORDER BY id", date)) {
            long[] got = byFile.getOrDefault(number(f, "id"), new long[2]);
            if (got[0] != number(f, "record_count") || got[1] != number(f, "amount_total")) {
                throw new IllegalStateException("control totals of " + f.get("file_name") + ": received "
                        + f.get("record_count") + " records / " + f.get("amount_total") + " fen, accepted + suspended "
                        + got[0] + " / " + got[1] + " fen");
            }
        }
        jdbc.update("DELETE FROM clearing_total WHERE business_date = ?", date);
        PurseRecordChunks.deleteNight(jdbc, date); // every card history is checked: nothing reads them again
        List<Object[]> rows = new ArrayList<>();
        byPair.forEach((k, t) -> rows.add(new Object[] {date, k.get(0), k.get(1), k.get(2), t[0], t[1], t[2],
            t[1] - t[2]}));
        jdbc.batchUpdate("INSERT INTO clearing_total (business_date, business_line, payer_city, payee_city, "
                + "record_count, gross, fees, net) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows);
        return RepeatStatus.FINISHED;
    }

    private static long number(Map<String, Object> row, String column) {
        return ((Number) row.get(column)).longValue();
    }
}
