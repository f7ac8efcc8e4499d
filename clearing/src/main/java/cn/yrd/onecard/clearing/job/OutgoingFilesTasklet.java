package cn.yrd.onecard.clearing.job;

import cn.yrd.onecard.dayfile.ClearingFiles;
import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.sql.ResultSet;
import java.io.Writer;
import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.apache.commons.codec.binary.Hex;
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
 * is held): each line goes to its payer's and its payee's file as it comes.
 */
@Component
class OutgoingFilesTasklet implements Tasklet {
    private final JdbcTemplate jdbc;

    OutgoingFilesTasklet(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunk) throws IOException {
        LocalDate date = JobParams.businessDate(chunk);
        Path dir = Files.createDirectories(JobParams.path(chunk, "outbox").resolve(date.toString()));
        Map<String, Outgoing> results = open(dir, "-result.txt", "H|" + ClearingFiles.RESULT + "|1|", date);
        Map<String, Outgoing> details = open(dir, "-detail.txt", "H|" + ClearingFiles.DETAIL + "|1|", date);
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
            for (Outgoing o : results.values()) {
                o.finish();
            }
            for (Outgoing o : details.values()) {
                o.finish();
            }
        } finally {
            for (Outgoing o : results.values()) {
                o.abandon();
            }
            for (Outgoing o : details.values()) {
                o.abandon();
            }
        }
        return RepeatStatus.FINISHED;
    }

    private static Map<String, Outgoing> open(Path dir, String suffix, String header, LocalDate date)
            throws IOException {
        Map<String, Outgoing> files = new HashMap<>();
        for (City city : Cities.all()) {
            files.put(city.code(), new Outgoing(dir.resolve(city.code() + suffix),
                    header + city.code() + "|" + date.toString().replace("-", "")));
        }
        return files;
    }

    private static void route(Map<String, Outgoing> files, String payer, String payee, String line) {
        files.get(payer).add(line);
        if (!payee.equals(payer)) {
            files.get(payee).add(line);
        }
    }

    /**
     * One outgoing file as it is written: header, lines, and a trailer with their count and the SHA-256 of the
     * lines (as day files have), under a temporary name until it is whole.
     */
    private static final class Outgoing {
        private final Path target;
        private final Path part;
        private final Writer out;
        private final MessageDigest sha;
        private long lines;

        Outgoing(Path target, String header) throws IOException {
            this.target = target;
            this.part = target.resolveSibling("." + target.getFileName() + ".part");
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            out = Files.newBufferedWriter(part, StandardCharsets.UTF_8);
            out.write(header);
            out.write('\n');
        }

        void add(String line) {
            String text = line + "\n";
            sha.update(text.getBytes(StandardCharsets.UTF_8));
            lines++;
            try {
                out.write(text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void finish() throws IOException {
            out.write("T|" + lines + "|" + Hex.encodeHexString(sha.digest()) + "\n");
            out.close();
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }

        /** After a failure: the temporary file goes, the last complete file stays. */
        void abandon() throws IOException {
            out.close();
            Files.deleteIfExists(part);
        }
    }
}
