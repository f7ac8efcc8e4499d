package cn.yrd.onecard.clearing.job;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yrd.onecard.clearing.validation.CardHistoryChecks;
import cn.yrd.onecard.clearing.validation.CardNights;
import cn.yrd.onecard.clearing.validation.RepeatedMessages;
import cn.yrd.onecard.database.ServiceTest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
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

    /** Each test's nights alone in the tables. */
    @BeforeEach
    void noNights() {
        jdbc.update("DELETE FROM clearing_message");
        jdbc.update("DELETE FROM clearing_record");
        jdbc.update("DELETE FROM day_file");
    }

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
        assertThat(repeats).extracting(row -> row.get("table")).containsExactly("f", "later", "m", "earlier");
        assertReadsTheFilesRecordsByKey(repeats.get(1));
        assertThat(repeats.get(2).get("key")).as("each one's earlier ones, by the message's key").isEqualTo("PRIMARY");
        assertThat(repeats.get(3)).as("and those records by theirs").satisfies(row -> {
            assertThat(row.get("type")).isEqualTo("eq_ref");
            assertThat(row.get("key")).isEqualTo("PRIMARY");
        });
        assertThat(jdbc.queryForList("EXPLAIN " + NightDetailReader.FIRST_AND_LAST, tonight))
                .as("a file's first and last line, read at the two ends of its range of the key, whatever the table's "
                        + "statistics").singleElement().satisfies(row -> assertThat(row.get("Extra"))
                        .isEqualTo("Select tables optimized away"));
        assertThat(jdbc.queryForList("SHOW INDEX FROM clearing_record WHERE Column_name = 'message_id'"))
                .as("no index of clearing_record holds a message's key: every ride would have an entry").isEmpty();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM (" + OutgoingFilesTasklet.PAYOUTS + ") payouts",
                Integer.class, NIGHT)).as("the night's merchant, found").isEqualTo(1);
    }

    /**
     * The card-history step's suspensions, a statement a few hundred: each still-accepted record suspended with its own
     * reason and detail, one already suspended keeping its reason, every other untouched; each record found by key.
     */
    @Test
    void suspensionsAreSetAFewHundredAStatementEachRecordByKey() {
        long earlier = file("RIDES", "TRANSIT", NIGHT.minusDays(1));
        long tonight = file("BUSES", "TRANSIT", NIGHT);
        records(earlier, "TRANSIT", 20_000);
        records(tonight, "TRANSIT", 3_000);
        jdbc.update("UPDATE clearing_record SET status = 'S', reason = 'T01', detail = 'forged' WHERE file_id = ? "
                + "AND line_no = 7", tonight);
        jdbc.queryForList("ANALYZE TABLE day_file, clearing_record");
        int n = 2 * CardHistoryChecks.SUSPENSIONS_PER_STATEMENT + 1; // three statements, the last of one row
        List<Object[]> suspensions = new ArrayList<>();
        for (int line = 1; line <= n; line++) {
            suspensions.add(new Object[] {line % 2 == 0 ? "G01" : "D01", "counter " + line, tonight, line});
        }

        CardHistoryChecks.suspend(jdbc, suspensions);

        assertThat(jdbc.queryForList("SELECT line_no, status, reason, detail FROM clearing_record WHERE file_id = ? "
                + "AND status = 'S' ORDER BY line_no", tonight)).hasSize(n).allSatisfy(row -> {
                    int line = ((Number) row.get("line_no")).intValue();
                    assertThat(row.get("reason")).as("line " + line).isEqualTo(line == 7 ? "T01"
                            : line % 2 == 0 ? "G01" : "D01");
                    assertThat(row.get("detail")).as("line " + line).isEqualTo(line == 7 ? "forged"
                            : "counter " + line);
                });
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM clearing_record WHERE status = 'S' AND file_id <> ?",
                Integer.class, tonight)).as("the other night's records").isZero();
        List<Map<String, Object>> plan = jdbc.queryForList("EXPLAIN " + CardHistoryChecks.suspending(2), "G01",
                "x", tonight, 1, "G01", "x", tonight, 2);
        assertThat(plan).filteredOn(row -> "r".equals(row.get("table"))).singleElement().satisfies(row -> {
            assertThat(row.get("type")).as("each record by its key").isEqualTo("eq_ref");
            assertThat(row.get("key")).isEqualTo("PRIMARY");
        });
    }

    /**
     * A card's records of other nights, found through its nights' rows (no index of clearing_record holds the card: an
     * entry for every purse record, inserted in random card order, cost more than the record itself), each by its key.
     */
    @Test
    void aCardsRecordsOfOtherNightsAreReadEachByItsKey() {
        long earlier = file("RIDES", "TRANSIT", NIGHT.minusDays(1));
        records(earlier, "TRANSIT", 20_000);
        jdbc.queryForList("ANALYZE TABLE day_file, clearing_record");

        List<Map<String, Object>> plan = jdbc.queryForList("EXPLAIN " + CardNights.atPositions(2), earlier, 5,
                earlier, 9);
        assertThat(plan).filteredOn(row -> "r".equals(row.get("table")) || "f".equals(row.get("table"))).hasSize(2)
                .allSatisfy(row -> {
                    assertThat(row.get("type")).as(row.get("table") + " by its key").isEqualTo("eq_ref");
                    assertThat(row.get("key")).isEqualTo("PRIMARY");
                });
        assertThat(jdbc.queryForList("SELECT line_no FROM (" + CardNights.atPositions(2) + ") found", Integer.class,
                earlier, 5, earlier, 9)).containsExactlyInAnyOrder(5, 9);
        assertThat(jdbc.queryForList("SHOW INDEX FROM clearing_record WHERE Column_name = 'card'"))
                .as("no index of clearing_record holds the card").isEmpty();
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

    /**
     * {@code n} accepted records of one merchant (or rides) in file {@code file}, lines 1 to n; the merchant's bills by
     * their key, as the load writes them.
     */
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
        jdbc.update("INSERT INTO clearing_message SELECT message_id, business_line, file_id, line_no "
                + "FROM clearing_record WHERE file_id = ? AND message_id IS NOT NULL", file);
    }
}
