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
 * V13 on a centre that cleared nights before it: each card's purse records of each night get their row (medical
 * records, which have no purse, none), the nights whose files are all loaded are marked complete (one stopped after
 * its load is not: later nights read it from its files), and the index of every purse record goes. Run again over
 * a copy of itself, it changes nothing.
 */
class CardNightsMigrationTest {
    @Test
    void eachCardsNightsGetTheirRowsAndTheIndexOfEveryRecordGoes() throws Exception {
        DatabaseConnection db = TestDatabase.forService("clearing_v13");
        Flyway.configure().dataSource(db.url(), db.user(), db.password()).locations("classpath:db/migration")
                .target("12").load().migrate();
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
                Statement s = c.createStatement()) {
            file(s, 1, "TRANSIT", "2026-11-22", true);
            file(s, 2, "TRANSIT", "2026-11-22", true);
            file(s, 3, "MEDICAL", "2026-11-22", true);
            file(s, 4, "TRANSIT", "2026-11-23", true);
            file(s, 5, "TRANSIT", "2026-11-23", false); // its night stopped after loading file 4
            record(s, 1, 3, "3100000000000007", "3100");
            record(s, 1, 2, "3100000000000007", "3100");
            record(s, 2, 2, "3100000000000007", "3100");
            record(s, 2, 3, "3205000000000001", "3205");
            record(s, 3, 2, "A12345678", null);
            record(s, 4, 2, "3100000000000007", "3100");

            Flyway.configure().dataSource(db.url(), db.user(), db.password()).locations("classpath:db/migration")
                    .load().migrate();
            List<String> rows = rows(s);
            assertThat(rows).containsExactly(
                    "3100 3100000000000007 2026-11-22 1:2,1:3,2:2",
                    "3100 3100000000000007 2026-11-23 4:2",
                    "3205 3205000000000001 2026-11-22 2:3",
                    "complete 2026-11-22");
            assertThat(cardIndexes(s)).as("no index of clearing_record holds the card").isZero();

            for (String statement : MigrationScript.statements("V13__card_nights.sql")) {
                s.execute(statement);
            }
            assertThat(rows(s)).isEqualTo(rows);
            assertThat(cardIndexes(s)).isZero();
        }
    }

    private static void file(Statement s, int id, String kind, String night, boolean loaded) throws Exception {
        s.execute("INSERT INTO day_file (id, sha256, kind, sender_id, sender_city, business_date, night, sequence_no, "
                + "record_count, amount_total, file_name, received_at, loaded_at) VALUES (" + id + ", SHA2('" + id
                + "', 256), '" + kind + "', 'S" + id + "', '3205', '" + night + "', '" + night + "', 1, 2, 200, 'S"
                + id + "-1.txt', NOW(3), " + (loaded ? "NOW(3)" : "NULL") + ")");
    }

    private static void record(Statement s, int file, int line, String card, String issuer) throws Exception {
        s.execute("INSERT INTO clearing_record (file_id, line_no, business_date, business_line, card, issuer_city, "
                + "payer_city, payee_city, txn_type, counter_kind, counter, amount, file_amount, fee, txn_time, status) "
                + "VALUES (" + file + ", " + line + ", '2026-11-22', 'TRANSIT', '" + card + "', "
                + (issuer == null ? "NULL" : "'" + issuer + "'") + ", '3100', '3205', '09', 'O', " + line
                + ", 100, 100, 0, '2026-11-22 09:00:00', 'A')");
    }

    private static List<String> rows(Statement s) throws Exception {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT CONCAT_WS(' ', issuer_city, card, night, records) FROM card_night "
                + "ORDER BY issuer_city, card, night")) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        try (ResultSet rs = s.executeQuery("SELECT night FROM card_night_written ORDER BY night")) {
            while (rs.next()) {
                rows.add("complete " + rs.getString(1));
            }
        }
        return rows;
    }

    private static int cardIndexes(Statement s) throws Exception {
        try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = "
                + "DATABASE() AND TABLE_NAME = 'clearing_record' AND COLUMN_NAME = 'card'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
