package cn.yrd.onecard.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
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
 * old primary is gone and it has applied all it received; then it holds every committed transaction and takes writes;
 * the lost site's disk read back holds nothing the new primary lacks; the repaired site is rebuilt and made primary
 * again. A commit the standby never got is counted as lost.
 */
class ReplicatedPairTest {
    @TempDir
    Path dir;

    @Test
    void noCommittedTransactionIsLostWhenThePrimaryDiesAndTheRepairedSiteTakesOverAgain() throws Exception {
        try (ReplicatedPair pair = ReplicatedPair.start(dir)) {
            assertThat(pair.semiSyncClients()).as("the standby acknowledges commits").isOne();
            assertThat(pair.primarySite()).startsWith("site A");
            assertThat(pair.placement()).as("each site a host of its own where the machine allows it (as root)")
                    .startsWith("root".equals(System.getProperty("user.name")) ? "as two hosts in network namespaces"
                            : "on loopback");
            assertThat(pair.url()).as("the sites at addresses of their own").isNotEqualTo(pair.standbyUrl());
            String standby = pair.standbyUrl();
            execute(pair.url(), pair, "CREATE DATABASE onecard_drill_settlement",
                    "CREATE TABLE onecard_drill_settlement.settled (day INT PRIMARY KEY) ENGINE = InnoDB");
            long before = pair.acknowledgedCommits();
            long alone = pair.unacknowledgedCommits();
            for (int day = 1; day <= 3; day++) {
                execute(pair.url(), pair, "INSERT INTO onecard_drill_settlement.settled VALUES (" + day + ")");
                assertThat(pair.acknowledgedCommits() - before).as("commit %d waited for the standby", day)
                        .isEqualTo(day);
            }
            assertThat(pair.unacknowledgedCommits()).as("no commit went on without the standby").isEqualTo(alone);
            assertThatThrownBy(() -> execute(standby, pair, "INSERT INTO onecard_drill_settlement.settled VALUES (9)"))
                    .as("the standby is read-only for the services").hasMessageContaining("read-only");

            // The standby receives but stops applying (a slow disk): two more days are committed and acknowledged.
            assertThat(pair.awaitApplied(10_000)).isTrue();
            execute(standby, "root", "", "STOP SLAVE SQL_THREAD");
            execute(pair.url(), pair, "INSERT INTO onecard_drill_settlement.settled VALUES (4)",
                    "INSERT INTO onecard_drill_settlement.settled VALUES (5)");
            assertThat(pair.transactionsBehind()).as("the standby's lag").isEqualTo(2);
            assertThatThrownBy(() -> pair.promote(false)).hasMessageStartingWith("the primary on port ")
                    .hasMessageEndingWith(" still runs: promoting the standby now would make two primaries; stop it "
                            + "first");

            pair.killPrimary();
            assertThatThrownBy(() -> pair.promote(false)).hasMessageStartingWith("the standby has not applied all it "
                    + "received (received 0-1-").hasMessageEndingWith("): wait, or promote with --force and lose it");
            execute(standby, "root", "", "START SLAVE SQL_THREAD");
            assertThat(pair.awaitApplied(10_000)).isTrue();
            pair.promote(false);
            assertThat(pair.url()).isEqualTo(standby);
            assertThat(count(pair.url(), pair)).as("every committed day, on the promoted standby").isEqualTo(5);
            execute(pair.url(), pair, "INSERT INTO onecard_drill_settlement.settled VALUES (6)");
            try (ReplicatedPair.LostDisk disk = pair.lostDisk()) {
                assertThat(disk.transactionsNotOnThePrimary()).as("the recovery point").isZero();
                assertThat(count(disk.url(), pair)).as("the lost disk, read back").isEqualTo(5);
            }

            pair.failBack();
            assertThat(pair.primarySite()).as("the repaired site is the primary again").startsWith("site A");
            assertThat(Files.isDirectory(dir.resolve("a/data.lost-1"))).as("the lost disk kept aside").isTrue();
            assertThat(count(pair.url(), pair)).as("the repaired site holds every day").isEqualTo(6);
            assertThat(pair.semiSyncClients()).as("site B follows it, acknowledging").isOne();
            execute(pair.url(), pair, "INSERT INTO onecard_drill_settlement.settled VALUES (7)");
            assertThat(pair.awaitApplied(10_000)).isTrue();
            assertThat(count(pair.standbyUrl(), pair)).as("site B has the day written after fail-back").isEqualTo(7);
        }
    }

    @Test
    void aCommitTheStandbyNeverAcknowledgedIsCountedLostAfterPromotion() throws Exception {
        try (ReplicatedPair pair = ReplicatedPair.start(dir)) {
            execute(pair.url(), pair, "CREATE DATABASE onecard_drill_settlement",
                    "CREATE TABLE onecard_drill_settlement.settled (day INT PRIMARY KEY) ENGINE = InnoDB",
                    "INSERT INTO onecard_drill_settlement.settled VALUES (1)");
            assertThat(pair.awaitApplied(10_000)).isTrue();
            // The link to the standby cut: the primary waits a moment for its acknowledgement, then commits alone.
            execute(pair.standbyUrl(), "root", "", "STOP SLAVE IO_THREAD");
            execute(pair.url(), "root", "", "SET GLOBAL rpl_semi_sync_master_timeout = 200");
            long alone = pair.unacknowledgedCommits();
            execute(pair.url(), pair, "INSERT INTO onecard_drill_settlement.settled VALUES (2)");
            assertThat(pair.unacknowledgedCommits()).as("the commit went on alone").isEqualTo(alone + 1);
            pair.killPrimary();
            pair.promote(false);
            try (ReplicatedPair.LostDisk disk = pair.lostDisk()) {
                assertThat(disk.transactionsNotOnThePrimary()).as("the day the standby never got").isOne();
            }
        }
    }

    private static void execute(String url, ReplicatedPair pair, String... statements) throws Exception {
        execute(url, pair.user(), pair.password(), statements);
    }

    private static void execute(String url, String user, String password, String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    private static int count(String url, ReplicatedPair pair) throws Exception {
        try (Connection c = DriverManager.getConnection(url, pair.user(), pair.password());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM onecard_drill_settlement.settled")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
