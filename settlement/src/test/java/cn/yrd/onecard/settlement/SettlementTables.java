package cn.yrd.onecard.settlement;

import org.springframework.jdbc.core.JdbcTemplate;

/** Test support: empties the settlement schema's tables (TRUNCATE fires no triggers) but the city list. */
public final class SettlementTables {
    private SettlementTables() {
    }

    public static void empty(JdbcTemplate jdbc) {
        for (String table : jdbc.queryForList("SELECT table_name FROM information_schema.tables "
                + "WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE' "
                + "AND table_name NOT IN ('city', 'flyway_schema_history', 'finance_user')", String.class)) {
            jdbc.execute("TRUNCATE TABLE " + table);
        }
    }
}
