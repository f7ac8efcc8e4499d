package cn.yrd.onecard.clearing.job;

import static cn.yrd.onecard.clearing.job.DailyClearingJobTest.transit;
import static org.assertj.core.api.Assertions.assertThat;

import cn.yrd.onecard.card.CardSerial;
import cn.yrd.onecard.database.ServiceTest;
import cn.yrd.onecard.record.TransitRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Two nights of the same cards: a card's history spans nights. A copy of an earlier night's record, a late record
 * that fills the earlier night's gap, a gap and a broken chain that span the two nights, and a replay whose ATC
 * was altered (the TAC does not cover the ATC, so it verifies): only the PSAM's counter gives it away.
 */
@ServiceTest(schema = "clearing_nights")
class CardHistoryAcrossNightsTest {
    static final LocalDate NIGHT1 = LocalDate.of(2026, 11, 23);
    static final LocalDate NIGHT2 = NIGHT1.plusDays(1);
    static final Path WORK = DailyClearingJobTest.WORK.resolve("two-nights");

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
    void aCardsHistorySpansNightsAndAReplayWithAnAlteredCounterIsADuplicate() throws Exception {
        Path inbox = Files.createDirectories(WORK.resolve("inbox"));
        CardSerial a = CardSerial.of("3100000000000001");
        CardSerial b = CardSerial.of("3100000000000002");
        TransitRecord a0 = ride(a, 0, 100, 1000, NIGHT1.atTime(8, 0), 500);
        TransitRecord a1 = ride(a, 1, 100, 900, NIGHT1.atTime(8, 10), 501);
        TransitRecord a3 = ride(a, 3, 100, 700, NIGHT1.atTime(18, 0), 503);
        TransitRecord b0 = ride(b, 0, 200, 500, NIGHT1.atTime(8, 0), 600);
        transit(inbox.resolve("SZMETRO-20261123.txt"), "SZMETRO", "3205", List.of(a0, a1, a3, b0), NIGHT1, 1);

        assertThat(clear(NIGHT1)).isEqualTo(BatchStatus.COMPLETED);
        List<String> night1 = records(NIGHT1);
        assertThat(night1).containsExactly("2 A null", "3 A null", "4 S G01 counter 3 follows 1", "5 A null");

        TransitRecord a2Late = ride(a, 2, 100, 800, NIGHT1.atTime(12, 0), 502);
        TransitRecord a4 = ride(a, 4, 100, 600, NIGHT2.atTime(8, 0), 504);
        TransitRecord a6 = ride(a, 6, 100, 500, NIGHT2.atTime(9, 0), 506);
        TransitRecord b1 = ride(b, 1, 200, 350, NIGHT2.atTime(8, 0), 601);
        TransitRecord b0WithAtc2 = new TransitRecord(b0.type(), b0.cardSerial(), b0.issuer(), b0.cardType(),
                b0.cardExpiry(), 2, b0.amount(), b0.balanceBefore(), b0.time(), b0.terminalNo(), b0.ttc(),
                b0.algorithm(), b0.keyVersion(), b0.tac(), b0.acquirer(), b0.operatorId(), b0.deviceId(),
                b0.industry(), b0.line(), b0.station(), b0.entryStation(), b0.fareRule());
        transit(inbox.resolve("SZMETRO-20261124.txt"), "SZMETRO", "3205",
                List.of(a1, a2Late, a4, a6, b1, b0WithAtc2), NIGHT2, 1);

        assertThat(clear(NIGHT2)).isEqualTo(BatchStatus.COMPLETED);
        assertThat(records(NIGHT2)).containsExactly(
                "2 S D01 counter 1 already cleared",
                "3 A null",
                "4 A null",
                "5 S G01 counter 6 follows 4",
                "6 S B02 balance before 350, previous balance after 300",
                "7 S D01 PSAM 0000AB12CD34 TTC 600 already cleared");
        assertThat(records(NIGHT1)).as("an earlier night is read, never changed").isEqualTo(night1);
    }

    /** A Shanghai card's ride in Suzhou. */
    private static TransitRecord ride(CardSerial card, int atc, long amount, long balance, LocalDateTime time,
            long ttc) throws Exception {
        return DailyClearingJobTest.ride(card, "3100", "3205", atc, amount, balance, LocalDate.of(2030, 1, 1), time,
                ttc);
    }

    private BatchStatus clear(LocalDate date) throws Exception {
        return DailyClearingJobTest.start(operator, dailyClearing, date, "1", WORK.resolve("inbox"),
                WORK.resolve("outbox")).getStatus();
    }

    /** Each record of the night's file: line, status, reason and detail. */
    private List<String> records(LocalDate date) {
        return jdbc.queryForList("SELECT CONCAT_WS(' ', line_no, status, COALESCE(reason, 'null'), detail) "
                + "FROM clearing_record WHERE business_date = ? ORDER BY line_no", String.class, date);
    }
}
