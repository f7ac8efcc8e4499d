package cn.yrd.onecard.clearing.job;

import cn.yrd.onecard.dayfile.ClearingFiles;
import cn.yrd.onecard.dayfile.ControlledFrame;
import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.clearing.load.CentreSignatures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Each city's outgoing files for the night, under {@code <outbox>/<date>/} (formats in docs/clearing.md):
 * {@code <city>-result.txt}, the totals it pays and is paid, and {@code <city>-detail.txt}, every accepted and
 * suspended record it pays or is paid for. Ordered, written under a temporary name and renamed: a rerun
 * writes the same bytes. The records stream from the server file by file in key order (nothing is sorted, nothing
 * is held): each line goes to its payer's and its payee's file as it comes. With the centre's key, each file is then
 * signed ({@link CentreSignatures}).
 */
@Component
class OutgoingFilesTasklet implements Tasklet {
    private final JdbcTemplate jdbc;
    private final CentreSignatures centre;

    OutgoingFilesTasklet(JdbcTemplate jdbc, CentreSignatures centre) {
        this.jdbc = jdbc;
        this.centre = centre;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunk) throws Exception {
        LocalDate date = JobParams.businessDate(chunk);
        Path dir = Files.createDirectories(JobParams.path(chunk, "outbox").resolve(date.toString()));
        Map<String, ControlledFrame.Writer> results = open(dir, "-result.txt", "H|" + ClearingFiles.RESULT + "|1|",
                date);
        Map<String, ControlledFrame.Writer> details = open(dir, "-detail.txt", "H|" + ClearingFiles.DETAIL + "|1|",
                date);
        try {
            jdbc.query("""
                    SELECT payer_city, payee_city,
                           CONCAT_WS('|', 'R', business_line, payer_city, payee_city, record_count, gross, fees, net)
                    FROM clearing_total WHERE business_date = ? ORDER BY business_line, payer_city, payee_city""",
                    (RowCallbackHandler) rs -> route(results, rs.getString(1), rs.getString(2), rs.getString(3)),
                    date);
            // Same name, then the order they were taken in: a name sent twice with different content stays apart.
            for (Map<String, Object> file : jdbc.queryForList(
                    "SELECT id, file_name FROM day_file WHERE night = ? ORDER BY file_name, id", date)) {
                String name = (String) file.get("file_name");
                jdbc.query(con -> {
                    var ps = con.prepareStatement("""
                            SELECT payer_city, payee_city,
                                   CONCAT_WS('|', r.line_no, r.business_line, r.card, r.payer_city, r.payee_city,
                                   r.txn_type, r.counter, r.amount, r.fee,
                                   -- a purchase larger than the balance (B01) leaves no balance the card ever had
                                   CASE WHEN r.balance_after >= 0 THEN r.balance_after ELSE '' END,
                                   DATE_FORMAT(r.txn_time, '%Y%m%d%H%i%s'), r.status, COALESCE(r.reason, ''))
                            FROM clearing_record r WHERE r.file_id = ? ORDER BY r.line_no""",
                            ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
                    ps.setFetchSize(Integer.MIN_VALUE);
                    ps.setLong(1, ((Number) file.get("id")).longValue());
                    return ps;
                }, (RowCallbackHandler) rs -> route(details, rs.getString(1), rs.getString(2),
                        "D|" + name + "|" + rs.getString(3)));
            }
            for (ControlledFrame.Writer o : results.values()) {
                o.close();
            }
            for (ControlledFrame.Writer o : details.values()) {
                o.close();
            }
            for (City city : Cities.all()) {
                centre.sign(dir.resolve(city.code() + "-result.txt"));
                centre.sign(dir.resolve(city.code() + "-detail.txt"));
            }
        } finally {
            for (ControlledFrame.Writer o : results.values()) {
                o.abandon();
            }
            for (ControlledFrame.Writer o : details.values()) {
                o.abandon();
            }
        }
        return RepeatStatus.FINISHED;
    }

    private static Map<String, ControlledFrame.Writer> open(Path dir, String suffix, String header, LocalDate date)
            throws IOException {
        Map<String, ControlledFrame.Writer> files = new HashMap<>();
        for (City city : Cities.all()) {
            files.put(city.code(), new ControlledFrame.Writer(dir.resolve(city.code() + suffix),
                    ControlledFrame.Trailer.COUNT_SHA256,
                    header + city.code() + "|" + date.toString().replace("-", "")));
        }
        return files;
    }

    private static void route(Map<String, ControlledFrame.Writer> files, String payer, String payee, String line) {
        try {
            files.get(payer).line(line, 0);
            if (!payee.equals(payer)) {
                files.get(payee).line(line, 0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
