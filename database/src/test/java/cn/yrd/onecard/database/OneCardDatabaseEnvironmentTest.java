package cn.yrd.onecard.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class OneCardDatabaseEnvironmentTest {

    @Test
    void aServiceWithoutADatasourceGetsItsOwnSchemaOnTheConfiguredServer() {
        StandardEnvironment env = environment(Map.of("onecard.database.service", "ledger",
                OneCardDatabase.URL, "jdbc:mysql://db.example:3306/", OneCardDatabase.USER, "ledger"));
        new OneCardDatabaseEnvironment().postProcessEnvironment(env, null);

        assertThat(env.getProperty("spring.datasource.url")).startsWith("jdbc:mysql://db.example:3306/onecard_ledger?");
        assertThat(env.getProperty("spring.datasource.username")).isEqualTo("ledger");
        assertThat(env.getProperty("spring.datasource.driver-class-name")).isEqualTo("com.mysql.cj.jdbc.Driver");
    }

    @Test
    void aDatasourceSetLaterWinsAndTheOneCardSettingIsNeverResolved() {
        // An unusable ONECARD_DB_URL: resolving it would throw, so the test shows it is not resolved.
        StandardEnvironment env = environment(Map.of("onecard.database.service", "ledger",
                OneCardDatabase.URL, "not-a-jdbc-url"));
        new OneCardDatabaseEnvironment().postProcessEnvironment(env, null);
        env.getPropertySources().addFirst(new MapPropertySource("test", Map.of(
                "spring.datasource.url", "jdbc:mysql://elsewhere/x")));

        assertThat(env.getProperty("spring.datasource.url")).isEqualTo("jdbc:mysql://elsewhere/x");
    }

    private static StandardEnvironment environment(Map<String, Object> props) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("given", props));
        return env;
    }
}
