package cn.yrd.onecard.clearing.job;

import static cn.yrd.onecard.clearing.job.DailyClearingJobTest.DAY;
import static cn.yrd.onecard.clearing.job.DailyClearingJobTest.ride;
import static cn.yrd.onecard.clearing.job.DailyClearingJobTest.transit;
import static org.assertj.core.api.Assertions.assertThat;

import cn.yrd.onecard.card.CardSerial;
import cn.yrd.onecard.database.ServiceTest;
import cn.yrd.onecard.record.TransitRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The outgoing files' records read in segments on several connections still come in file and line order. */
@ServiceTest(schema = "clearing_detail")
class NightDetailReaderTest {
    static final Path WORK = DailyClearingJobTest.WORK.resolve("night-detail");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("onecard.clearing.keystore", () -> DailyClearingJobTest.WORK.resolve("keys.p12").toString());
    }

    @Autowired
    JobOperator operator;

    @Autowired
    Job dailyClearing;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void segmentsReadAtOnceAreHandedOverInFileAndLineOrder() throws Exception {
        Path inbox = Files.createDirectories(WORK.resolve("inbox"));
        LocalDate expiry = LocalDate.of(2030, 1, 1);
        // SZBUS arrives first and HZBUS a minute later: the files' order (by name) is not the order they came in.
        Path first = transit(inbox.resolve("SZBUS-1.txt"), "SZBUS", "3205", rides("3100000000000011", "3205", 7,
                expiry));
        Path second = transit(inbox.resolve("HZBUS-1.txt"), "HZBUS", "3301", rides("3205000000000012", "3301", 5,
                expiry));
        Files.setLastModifiedTime(second, FileTime.fromMillis(Files.getLastModifiedTime(first).toMillis() + 60_000));
        assertThat(DailyClearingJobTest.start(operator, dailyClearing, DAY, "1", inbox, WORK.resolve("outbox"))
                .getStatus()).isEqualTo(BatchStatus.COMPLETED);

        List<String> expected = jdbc.queryForList("SELECT CONCAT('D|', f.file_name, '|', r.line_no) FROM clearing_record r "
                + "JOIN day_file f ON f.id = r.file_id WHERE f.night = ? ORDER BY f.file_name, f.id, r.line_no",
                String.class, DAY);
        assertThat(expected).hasSize(12).startsWith("D|HZBUS-1.txt|2");
        // Two lines a segment: six segments, several read at once, each file's last one short.
        List<String> inTwos = read(2);
        assertThat(inTwos).extracting(l -> String.join("|", List.of(l.split("\\|")).subList(0, 3)))
                .isEqualTo(expected);
        assertThat(inTwos).isEqualTo(read(1_000)).isEqualTo(read(1));
        // The totals added up segment by segment are the server's own sums of the accepted records.
        List<String> sums = jdbc.queryForList("SELECT CONCAT_WS(' ', business_line, payer_city, payee_city, COUNT(*), "
                + "SUM(amount), SUM(fee)) FROM clearing_record WHERE status = 'A' GROUP BY business_line, payer_city, "
                + "payee_city ORDER BY business_line, payer_city, payee_city", String.class);
        assertThat(sums).hasSize(2);
        assertThat(new NightDetailReader(jdbc, 2).forEach(DAY, (payer, payee, line) -> { }).pairs())
                .extracting(p -> String.join(" ", p.businessLine(), p.payer(), p.payee(), Long.toString(p.count()),
                        Long.toString(p.gross()), Long.toString(p.fees())))
                .isEqualTo(sums);
    }

    private List<String> read(int segment) throws Exception {
        List<String> lines = new ArrayList<>();
        new NightDetailReader(jdbc, segment).forEach(DAY, (payer, payee, line) -> lines.add(line.text()));
        return lines;
    }

    private static List<TransitRecord> rides(String card, String acquirer, int count, LocalDate expiry)
            throws Exception {
        List<TransitRecord> rides = new ArrayList<>();
        for (int atc = 0; atc < count; atc++) {
            rides.add(ride(CardSerial.of(card), card.substring(0, 4), acquirer, atc, 100, 5000 - 100 * atc, expiry));
        }
        return rides;
    }
}
