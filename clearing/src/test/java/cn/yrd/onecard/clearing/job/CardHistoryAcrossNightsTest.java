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
        twoNights(NIGHT1, "31000000000000", WORK.resolve("inbox"), false);
        long first = fileId("SZMETRO-" + NIGHT1 + ".txt");
        long second = fileId("SZMETRO-" + NIGHT1.plusDays(1) + ".txt");
        // The replayed copies (D01 on loading, T01) are no part of a history; the second night's D01s were in it.
        assertThat(jdbc.queryForList("SELECT CONCAT(card, ' ', night, ' ', records) FROM card_night WHERE night IN "
                + "(?, ?) ORDER BY card, night", String.class, NIGHT1, NIGHT1.plusDays(1)))
                .as("where each card's records of each night are").containsExactly(
                        "3100000000000001 2026-11-23 %d:2,%d:3,%d:4".formatted(first, first, first),
                        "3100000000000001 2026-11-24 %d:2,%d:3,%d:4,%d:5".formatted(second, second, second, second),
                        "3100000000000002 2026-11-23 %d:5".formatted(first),
                        "3100000000000002 2026-11-24 %d:6,%d:7".formatted(second, second));
    }

    /**
     * The first night's card rows not written (its job killed after its load, before its card history completed):
     * the second night reads the first night's records from its files, and decides the same.
     */
    @Test
    void aNightWhoseCardRowsAreNotWrittenIsReadFromItsFiles() throws Exception {
        twoNights(NIGHT1.plusDays(10), "31000000000001", WORK.resolve("unwritten"), true);
    }

    private void twoNights(LocalDate night1, String cards, Path inbox, boolean unwritten) throws Exception {
        LocalDate night2 = night1.plusDays(1);
        Files.createDirectories(inbox);
        CardSerial a = CardSerial.of(cards + "01");
        CardSerial b = CardSerial.of(cards + "02");
        TransitRecord a0 = ride(a, 0, 100, 1000, night1.atTime(8, 0), 500);
        TransitRecord a1 = ride(a, 1, 100, 900, night1.atTime(8, 10), 501);
        TransitRecord a3 = ride(a, 3, 100, 700, night1.atTime(18, 0), 503);
        TransitRecord b0 = ride(b, 0, 200, 500, night1.atTime(8, 0), 600);
        transit(inbox.resolve("SZMETRO-" + night1 + ".txt"), "SZMETRO", "3205", List.of(a0, a1, a3, b0), night1, 1);

        assertThat(clear(night1, inbox)).isEqualTo(BatchStatus.COMPLETED);
        List<String> records1 = records(night1);
        assertThat(records1).containsExactly("2 A null", "3 A null", "4 S G01 counter 3 follows 1", "5 A null");
        if (unwritten) {
            jdbc.update("DELETE FROM card_night WHERE night = ?", night1);
            jdbc.update("DELETE FROM card_night_written WHERE night = ?", night1);
        }

        TransitRecord a2Late = ride(a, 2, 100, 800, night1.atTime(12, 0), 502);
        TransitRecord a4 = ride(a, 4, 100, 600, night2.atTime(8, 0), 504);
        TransitRecord a6 = ride(a, 6, 100, 500, night2.atTime(9, 0), 506);
        TransitRecord b1 = ride(b, 1, 200, 350, night2.atTime(8, 0), 601);
        TransitRecord b0WithAtc2 = new TransitRecord(b0.type(), b0.cardSerial(), b0.issuer(), b0.cardType(),
                b0.cardExpiry(), 2, b0.amount(), b0.balanceBefore(), b0.time(), b0.terminalNo(), b0.ttc(),
                b0.algorithm(), b0.keyVersion(), b0.tac(), b0.acquirer(), b0.operatorId(), b0.deviceId(),
                b0.industry(), b0.line(), b0.station(), b0.entryStation(), b0.fareRule());
        transit(inbox.resolve("SZMETRO-" + night2 + ".txt"), "SZMETRO", "3205",
                List.of(a1, a2Late, a4, a6, b1, b0WithAtc2), night2, 1);

        assertThat(clear(night2, inbox)).isEqualTo(BatchStatus.COMPLETED);
        assertThat(records(night2)).containsExactly(
                "2 S D01 counter 1 already cleared",
                "3 A null",
                "4 A null",
                "5 S G01 counter 6 follows 4",
                "6 S B02 balance before 350, previous balance after 300",
                "7 S D01 PSAM 0000AB12CD34 TTC 600 already cleared");
        assertThat(records(night1)).as("an earlier night is read, never changed").isEqualTo(records1);
        assertThat(jdbc.queryForList("SELECT night FROM card_night_written WHERE night IN (?, ?) ORDER BY night",
                LocalDate.class, night1, night2)).as("the nights whose card rows are complete")
                .containsExactlyElementsOf(unwritten ? List.of(night2) : List.of(night1, night2));
    }

    /** A Shanghai card's ride in Suzhou. */
    private static TransitRecord ride(CardSerial card, int atc, long amount, long balance, LocalDateTime time,
            long ttc) throws Exception {
        return DailyClearingJobTest.ride(card, "3100", "3205", atc, amount, balance, LocalDate.of(2030, 1, 1), time,
                ttc);
    }

    private BatchStatus clear(LocalDate date, Path inbox) throws Exception {
        return DailyClearingJobTest.start(operator, dailyClearing, date, "1", inbox, WORK.resolve("outbox"))
                .getStatus();
    }

    private long fileId(String name) {
        return jdbc.queryForObject("SELECT id FROM day_file WHERE file_name = ?", Long.class, name);
    }

    /** Each record of the night's file: line, status, reason and detail. */
    private List<String> records(LocalDate date) {
        return jdbc.queryForList("SELECT CONCAT_WS(' ', line_no, status, COALESCE(reason, 'null'), detail) "
                + "FROM clearing_record WHERE business_date = ? ORDER BY line_no", String.class, date);
    }
}
