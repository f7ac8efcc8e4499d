package cn.yrd.onecard.clearing.job;

import static cn.yrd.onecard.clearing.job.DailyClearingJobTest.DAY;
import static cn.yrd.onecard.clearing.job.DailyClearingJobTest.ride;
import static cn.yrd.onecard.clearing.job.DailyClearingJobTest.transit;
import static org.assertj.core.api.Assertions.assertThat;

import cn.yrd.onecard.card.CardSerial;
import cn.yrd.onecard.database.ServiceTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The job checks its own control totals: a record lost or altered after loading fails it, and no total is written. */
@ServiceTest(schema = "clearing_control")
class ControlTotalsTest {
    static final Path WORK = DailyClearingJobTest.WORK.resolve("control-totals");

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
    void aRecordLostOrAlteredAfterLoadingFailsTheNightAndChangesNoTotal() throws Exception {
        Path inbox = Files.createDirectories(WORK.resolve("inbox"));
        CardSerial card = CardSerial.of("3100000000000009");
        LocalDate expiry = LocalDate.of(2030, 1, 1);
        transit(inbox.resolve("SZBUS-1.txt"), "SZBUS", "3205", List.of(ride(card, "3100", "3205", 0, 300, 5000, expiry),
                ride(card, "3100", "3205", 1, 200, 4700, expiry)));
        assertThat(run("1").getStatus()).isEqualTo(BatchStatus.COMPLETED);
        List<String> totals = totals();
        assertThat(totals).containsExactly("TRANSIT 3100 3205 2 500");

        jdbc.update("DELETE FROM clearing_record WHERE line_no = 3");
        JobExecution lost = run("2");
        assertThat(lost.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(lost.getAllFailureExceptions()).extracting(Throwable::getMessage).contains(
                "control totals of SZBUS-1.txt: received 2 records / 500 fen, accepted + suspended 1 / 300 fen");
        assertThat(totals()).as("no total written").isEqualTo(totals);

        jdbc.update("UPDATE clearing_record SET file_amount = 299 WHERE line_no = 2");
        assertThat(run("3").getAllFailureExceptions()).extracting(Throwable::getMessage).contains(
                "control totals of SZBUS-1.txt: received 2 records / 500 fen, accepted + suspended 1 / 299 fen");
        assertThat(totals()).isEqualTo(totals);
    }

    private JobExecution run(String attempt) throws Exception {
        return DailyClearingJobTest.start(operator, dailyClearing, DAY, attempt, WORK.resolve("inbox"),
                WORK.resolve("outbox"));
    }

    private List<String> totals() {
        return jdbc.queryForList("SELECT CONCAT_WS(' ', business_line, payer_city, payee_city, record_count, gross) "
                + "FROM clearing_total WHERE business_date = ? ORDER BY 1", String.class, DAY);
    }
}
