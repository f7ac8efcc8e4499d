package cn.yrd.onecard.clearing.job;

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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
 * writes the same bytes.
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
        Map<String, List<String>> results = new HashMap<>();
        Map<String, List<String>> details = new HashMap<>();
        for (City city : Cities.all()) {
            results.put(city.code(), new ArrayList<>());
            details.put(city.code(), new ArrayList<>());
        }
        jdbc.query("""
                SELECT payer_city, payee_city,
                       CONCAT_WS('|', 'R', business_line, payer_city, payee_city, record_count, gross, fees, net)
                FROM clearing_total WHERE business_date = ? ORDER BY business_line, payer_city, payee_city""",
                (RowCallbackHandler) rs -> route(results, rs.getString(1), rs.getString(2), rs.getString(3)), date);
        // One ordered pass over the day's records, each line going to its payer's and its payee's file.
        jdbc.query(con -> {
            var ps = con.prepareStatement("""
                    SELECT r.payer_city, r.payee_city,
                           CONCAT_WS('|', 'D', f.file_name, r.line_no, r.business_line, r.card, r.payer_city,
                           r.payee_city, r.txn_type, r.counter, r.amount, r.fee, COALESCE(r.balance_after, ''),
                           DATE_FORMAT(r.txn_time, '%Y%m%d%H%i%s'), r.status, COALESCE(r.reason, ''))
                    FROM clearing_record r JOIN day_file f ON f.id = r.file_id
                    WHERE r.business_date = ? ORDER BY f.file_name, r.line_no""",
                    ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            ps.setFetchSize(Integer.MIN_VALUE);
            ps.setObject(1, date);
            return ps;
        }, (RowCallbackHandler) rs -> route(details, rs.getString(1), rs.getString(2), rs.getString(3)));
        for (City city : Cities.all()) {
            write(dir.resolve(city.code() + "-result.txt"), "H|CLEARING_RESULT|1|" + city.code() + "|" + compact(date),
                    results.get(city.code()));
            write(dir.resolve(city.code() + "-detail.txt"), "H|CLEARING_DETAIL|1|" + city.code() + "|" + compact(date),
                    details.get(city.code()));
        }
        return RepeatStatus.FINISHED;
    }

    private static void route(Map<String, List<String>> files, String payer, String payee, String line) {
        files.get(payer).add(line);
        if (!payee.equals(payer)) {
            files.get(payee).add(line);
        }
    }

    private static String compact(LocalDate d) {
        return d.toString().replace("-", "");
    }

    /** Header, lines, and a trailer with their count and the SHA-256 of the lines (as day files have). */
    private static void write(Path target, String header, List<String> lines) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        StringBuilder body = new StringBuilder(header).append('\n');
        for (String line : lines) {
            byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
            sha.update(bytes);
            body.append(line).append('\n');
        }
        body.append("T|").append(lines.size()).append('|').append(Hex.encodeHexString(sha.digest())).append('\n');
        try {
            Path tmp = target.resolveSibling("." + target.getFileName() + ".part");
            Files.writeString(tmp, body, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
