package cn.yrd.onecard.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OneCardDatabaseTest {

    @Test
    void eachServiceGetsItsOwnSchemaOnTheGivenServer() {
        Map<String, String> env = Map.of(OneCardDatabase.URL, "jdbc:mysql://db.example:3306/",
                OneCardDatabase.USER, "clearing", OneCardDatabase.PASSWORD, "s3cret");
        DatabaseConnection c = OneCardDatabase.resolve("clearing", env::get);
        assertThat(c.url()).startsWith("jdbc:mysql://db.example:3306/onecard_clearing?createDatabaseIfNotExist=true")
                .contains("rewriteBatchedStatements=true");
        assertThat(c.user()).isEqualTo("clearing");
        assertThat(c.toString()).doesNotContain("s3cret");
    }

    @Test
    void theDatabaseInTheUrlIsThePrefixAndTheCallersParametersWin() {
        assertThat(OneCardDatabase.serviceUrl("jdbc:mysql://h/acme?rewriteBatchedStatements=false&useSSL=true",
                "settlement")).isEqualTo("jdbc:mysql://h/acme_settlement?rewriteBatchedStatements=false&useSSL=true"
                        + "&createDatabaseIfNotExist=true&characterEncoding=UTF-8"
                        + "&connectionTimeZone=LOCAL&cachePrepStmts=true&prepStmtCacheSqlLimit=8192"
                        + "&prepStmtCacheSize=256&useLocalSessionState=true&maintainTimeStats=false");
    }

    /** Without a server and without --embedded, no database is started behind the operator's back. */
    @Test
    void noServerAndNoEmbeddedIsARefusalNotASilentDatabase(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        Map<String, String> env = Map.of(OneCardDatabase.DATA_DIR, dir.toString());
        assertThatThrownBy(() -> OneCardDatabase.resolve("clearing", env::get)).isInstanceOf(IllegalStateException.class)
                .hasMessage("no database: set ONECARD_DB_URL (with ONECARD_DB_USER and ONECARD_DB_PASSWORD), or give "
                        + "--embedded for a development MariaDB under " + dir);
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void aUrlThatIsNotMysqlIsRefusedWithoutItsPassword() {
        assertThatThrownBy(() -> OneCardDatabase.serviceUrl("jdbc:h2:mem:x;password=topsecret", "clearing"))
                .hasMessageStartingWith("ONECARD_DB_URL must look like jdbc:mysql://host:3306/[prefix]")
                .hasMessageNotContaining("topsecret");
    }
}
