package cn.yrd.onecard.clearing.job;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yrd.onecard.clearing.validation.RepeatedMessages;
import cn.yrd.onecard.database.ServiceTest;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The night's statements over its merchant payments, claims and payouts read the night's files' records by key,
 * however many records earlier nights left in the table: a plan that reads the whole table, or every record with a
 * message ID, grows with every night the centre keeps.
 */
@ServiceTest(schema = "clearing_plans")
class NightQueryPlansTest {
    static final LocalDate NIGHT = LocalDate.of(2026, 11, 23);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("onecard.clearing.keystore", () -> DailyClearingJobTest.WORK.resolve("keys.p12").toString());
    }

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theNightsRecordsAreReadThroughItsFilesNotThroughEveryNightsRecords() {
        long earlier = file("RIDES", "TRANSIT", NIGHT.minusDays(1));
        long tonight = file("SHOPS", "MERCHANT", NIGHT);
        records(earlier, "TRANSIT", 20_000);
        records(tonight, "MERCHANT", 10);
        jdbc.queryForList("ANALYZE TABLE day_file, clearing_record");

        for (String statement : List.of(OutgoingFilesTasklet.PAYOUTS, OutgoingFilesTasklet.REMITTANCES)) {
            List<Map<String, Object>> plan = jdbc.queryForList("EXPLAIN " + statement, NIGHT);
            assertThat(plan).as(statement).extracting(row -> row.get("table")).containsExactly("f", "r");
            assertReadsTheFilesRecordsByKey(plan.get(1));
        }
        List<Map<String, Object>> repeats = jdbc.queryForList("EXPLAIN " + RepeatedMessages.REPEATS, NIGHT);
        assertThat(repeats).extracting(row -> row.get("table")).containsExactly("f", "later", "earlier");
        assertReadsTheFilesRecordsByKey(repeats.get(1));
        assertThat(repeats.get(2).get("key")).as("each one's earlier, by its key").isEqualTo(
                "ix_clearing_record_message");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM (" + OutgoingFilesTasklet.PAYOUTS + ") payouts",
                Integer.class, NIGHT)).as("the night's merchant, found").isEqualTo(1);
    }

    private static void assertReadsTheFilesRecordsByKey(Map<String, Object> step) {
        assertThat(step.get("type")).as("how clearing_record is read").isNotEqualTo("ALL");
        assertThat(step.get("key")).as("by its primary key, the file's records").isEqualTo("PRIMARY");
    }

    private long file(String sender, String kind, LocalDate night) {
        jdbc.update("INSERT INTO day_file (sha256, kind, sender_id, sender_city, business_date, night, sequence_no, "
                + "record_count, amount_total, file_name, received_at, loaded_at) VALUES (SHA2(?, 256), ?, ?, '3205', "
                + "?, ?, 1, 0, 0, ?, NOW(3), NOW(3))", sender + night, kind, sender, night, night,
                sender + "-1.txt");
        return jdbc.queryForObject("SELECT id FROM day_file WHERE sender_id = ?", Long.class, sender);
    }

    /** {@code n} accepted records of one merchant (or rides) in file {@code file}, lines 1 to n. */
    private void records(long file, String businessLine, int n) {
        jdbc.update("""
                INSERT INTO clearing_record (file_id, line_no, business_date, business_line, card, issuer_city,
                  payer_city, payee_city, txn_type, counter_kind, counter, amount, file_amount, fee, txn_time, status,
                  message_id, merchant_id)
                SELECT ?, n, ?, ?, LPAD(n, 16, '3100'), '3100', '3100', '3205', '09', 'O', n, 100, 100, 0, ?, 'A',
                       IF(? = 'MERCHANT', CONCAT('320500000000077/B', n), NULL),
                       IF(? = 'MERCHANT', '320500000000077', NULL)
                FROM (SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * g.d + 1 AS n
                      FROM digits a, digits b, digits c, digits e, digits g) numbers
                WHERE n <= ?""".replace("digits", "(SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL "
                + "SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL "
                + "SELECT 8 UNION ALL SELECT 9)"), file, NIGHT, businessLine, NIGHT.atTime(8, 0), businessLine,
                businessLine, n);
    }
}
