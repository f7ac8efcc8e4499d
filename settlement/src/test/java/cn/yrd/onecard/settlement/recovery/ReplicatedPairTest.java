package cn.yrd.onecard.settlement.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real mariadbd servers, the standby replicating the primary by GTID, semi-synchronously: every commit is
 * acknowledged by the standby before it returns; the primary killed with SIGKILL; the standby promoted only once the
 * old primary is gone and it has applied all it received; then it holds every committed transaction and takes writes.
 */
class ReplicatedPairTest {
    @TempDir
    Path dir;

    @Test
    void noCommittedTransactionIsLostWhenThePrimaryDiesAndTheStandbyIsPromotedOnlyWhenItMayBe() throws Exception {
        try (ReplicatedPair pair = ReplicatedPair.start(dir)) {
            assertThat(pair.semiSyncClients()).as("the standby acknowledges commits").isOne();
            try (Connection c = DriverManager.getConnection(pair.url(), pair.user(), pair.password());
                    Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE onecard_drill_settlement");
                s.execute("CREATE TABLE onecard_drill_settlement.settled (day INT PRIMARY KEY) ENGINE = InnoDB");
                long before = pair.acknowledgedCommits();
                long alone = pair.unacknowledgedCommits();
                for (int day = 1; day <= 3; day++) {
                    s.execute("INSERT INTO onecard_drill_settlement.settled VALUES (" + day + ")");
                    assertThat(pair.acknowledgedCommits() - before).as("commit %d waited for the standby", day)
                            .isEqualTo(day);
                }
                assertThat(pair.unacknowledgedCommits()).as("no commit went on without the standby").isEqualTo(alone);
            }

            // The standby receives but stops applying (a slow disk): two more days are committed and acknowledged.
            try (Connection root = DriverManager.getConnection(pair.standbyUrl(), "root", "");
                    Statement s = root.createStatement()) {
                waitUntilApplied(pair);
                s.execute("STOP SLAVE SQL_THREAD");
            }
            try (Connection c = DriverManager.getConnection(pair.url(), pair.user(), pair.password());
                    Statement s = c.createStatement()) {
                s.execute("INSERT INTO onecard_drill_settlement.settled VALUES (4)");
                s.execute("INSERT INTO onecard_drill_settlement.settled VALUES (5)");
            }
            assertThatThrownBy(() -> pair.promote(false)).hasMessageStartingWith("the primary on port ")
                    .hasMessageEndingWith(" still runs: promoting the standby now would make two primaries; stop it "
                            + "first");

            pair.killPrimary();
            assertThatThrownBy(() -> pair.promote(false)).hasMessageStartingWith("the standby has not applied all it "
                    + "received (received 0-1-").hasMessageEndingWith("): wait, or promote with --force and lose it");
            try (Connection root = DriverManager.getConnection(pair.standbyUrl(), "root", "");
                    Statement s = root.createStatement()) {
                s.execute("START SLAVE SQL_THREAD");
            }
            waitUntilApplied(pair);
            pair.promote(false);
            assertThat(pair.url()).isEqualTo(pair.standbyUrl());
            try (Connection c = DriverManager.getConnection(pair.url(), pair.user(), pair.password());
                    Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM onecard_drill_settlement.settled")) {
                    rs.next();
                    assertThat(rs.getInt(1)).as("every committed day, on the promoted standby").isEqualTo(5);
                }
                s.execute("INSERT INTO onecard_drill_settlement.settled VALUES (6)");
            }
        }
    }

    private static void waitUntilApplied(ReplicatedPair pair) throws Exception {
        for (int i = 0; i < 100 && pair.unapplied().isPresent(); i++) {
            Thread.sleep(100);
        }
        assertThat(pair.unapplied()).isEmpty();
    }
}
