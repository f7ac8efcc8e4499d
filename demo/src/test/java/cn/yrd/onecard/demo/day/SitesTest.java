package cn.yrd.onecard.demo.day;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The night's two sites refuse what the runbook refuses and catch what the drill must catch, on two real mariadbd: a
 * standby that has not applied all it received is not promoted unless forced, and a day settled on the lost site that
 * never reached the standby (its link cut, the primary gone on alone) is named as lost.
 */
class SitesTest {
    private static final String SCHEMA = "onecard_demo_settlement";

    @TempDir
    Path dir;

    @Test
    void aLaggingStandbyIsNotPromotedUnlessForcedAndADayItNeverGotIsNamedAsLost() throws Exception {
        try (Sites lagging = Sites.start(dir.resolve("lagging"), Sites.Loss.CLEARING, false);
                Sites forced = Sites.start(dir.resolve("forced"), Sites.Loss.CLEARING, true)) {
            for (Sites sites : new Sites[] {lagging, forced}) {
                settle(sites.pair().url(), "'2026-12-05', 'aa', 100");
                assertThat(sites.pair().awaitApplied(10_000)).isTrue();
                sql(sites.pair().standbyUrl(), "STOP SLAVE SQL_THREAD"); // a slow disk: received, not applied
                sql(sites.pair().url(), "INSERT INTO " + SCHEMA + ".settlement_day VALUES ('2026-12-06', 'bb', 200)");
                sites.losePrimary(0);
            }
            assertThatThrownBy(() -> lagging.promote("onecard_demo", 200)).hasMessageStartingWith("the standby has "
                    + "not applied all it received within 200 ms of the loss (received 0-1-").hasMessageEndingWith(
                    "): not promoted; --force promotes it and loses the rest");
            forced.promote("onecard_demo", 200);
            assertThat(forced.lostCommitted(SCHEMA)).containsExactly("settled day 2026-12-06 bb 200 is on the lost "
                    + "disk, not on the new primary");
        }
    }

    @Test
    void aCommitThatWentOnWithoutTheStandbyIsCounted() throws Exception {
        try (Sites sites = Sites.start(dir, Sites.Loss.SETTLEMENT, false)) {
            settle(sites.pair().url(), "'2026-12-05', 'aa', 100");
            assertThat(sites.pair().awaitApplied(10_000)).isTrue();
            sql(sites.pair().standbyUrl(), "STOP SLAVE IO_THREAD"); // the link cut
            sql(sites.pair().url(), "SET GLOBAL rpl_semi_sync_master_timeout = 200");
            sql(sites.pair().url(), "INSERT INTO " + SCHEMA + ".settlement_day VALUES ('2026-12-06', 'bb', 200)");
            sites.losePrimary(0);
            sites.promote("onecard_demo");
            assertThat(sites.lostCommitted(SCHEMA)).containsExactly(
                    "1 commits went on without the standby's acknowledgement",
                    "settled day 2026-12-06 bb 200 is on the lost disk, not on the new primary");
        }
    }

    private static void settle(String url, String values) throws Exception {
        sql(url, "CREATE DATABASE IF NOT EXISTS " + SCHEMA, "CREATE TABLE IF NOT EXISTS " + SCHEMA + ".settlement_day "
                + "(business_date DATE PRIMARY KEY, source_sha256 CHAR(64), gross BIGINT) ENGINE = InnoDB",
                "INSERT INTO " + SCHEMA + ".settlement_day VALUES (" + values + ")");
    }

    private static void sql(String url, String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "root", ""); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }
}
