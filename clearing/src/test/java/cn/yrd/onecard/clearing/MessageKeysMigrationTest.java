package cn.yrd.onecard.clearing;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yrd.onecard.database.DatabaseConnection;
import cn.yrd.onecard.database.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * V12 on a centre that cleared claims and rides before it: the keys the records already carry move to
 * {@code clearing_message} and the index that held an entry for every record goes; run again over a copy of itself
 * half-applied (a JVM killed mid-migration: MySQL DDL is not transactional), it changes nothing.
 */
class MessageKeysMigrationTest {
    @Test
    void theKeysOfEarlierNightsMoveToTheirTableAndTheIndexOfEveryRecordGoes() throws Exception {
        DatabaseConnection db = TestDatabase.forService("clearing_v12");
        Flyway.configure().dataSource(db.url(), db.user(), db.password()).locations("classpath:db/migration")
                .target("11").load().migrate();
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
                Statement s = c.createStatement()) {
            s.execute("INSERT INTO day_file (id, sha256, kind, sender_id, sender_city, business_date, night, "
                    + "sequence_no, record_count, amount_total, file_name, received_at, loaded_at) VALUES (1, SHA2('m', "
                    + "256), 'MEDICAL', 'HOSP1', '3205', '2026-11-22', '2026-11-22', 1, 3, 300, 'HOSP1-1.txt', NOW(3), "
                    + "NOW(3))");
            for (int line = 2; line <= 4; line++) {
                s.execute("INSERT INTO clearing_record (file_id, line_no, business_date, business_line, card, "
                        + "payer_city, payee_city, txn_type, counter_kind, counter, amount, file_amount, fee, txn_time, "
                        + "status, message_id) VALUES (1, " + line + ", '2026-11-22', 'MEDICAL', 'A12345678', '3100', "
                        + "'3205', '01', '-', 0, 100, 100, 0, '2026-11-22 09:00:00', 'A', "
                        + (line == 4 ? "NULL" : "'HOSP1/C" + line + "'") + ")");
            }

            Flyway.configure().dataSource(db.url(), db.user(), db.password()).locations("classpath:db/migration")
                    .load().migrate();
            List<String> moved = keys(s);
            assertThat(moved).containsExactly("HOSP1/C2 MEDICAL 1 2", "HOSP1/C3 MEDICAL 1 3");
            assertThat(messageIndexes(s)).as("no index of clearing_record holds the key").isZero();

            for (String statement : MigrationScript.statements("V12__message_keys.sql")) { // again, as a rerun after a kill would
                s.execute(statement);
            }
            assertThat(keys(s)).isEqualTo(moved);
            assertThat(messageIndexes(s)).isZero();
        }
    }

    private static List<String> keys(Statement s) throws Exception {
        List<String> keys = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT message_id, business_line, file_id, line_no FROM clearing_message "
                + "ORDER BY message_id")) {
            while (rs.next()) {
                keys.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getLong(3) + " " + rs.getInt(4));
            }
        }
        return keys;
    }

    private static int messageIndexes(Statement s) throws Exception {
        try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = "
                + "DATABASE() AND TABLE_NAME = 'clearing_record' AND COLUMN_NAME = 'message_id'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
