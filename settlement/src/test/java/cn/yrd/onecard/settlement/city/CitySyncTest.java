package cn.yrd.onecard.settlement.city;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.database.ServiceTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The settlement schema on a real MariaDB/MySQL: migrated by Flyway, filled at start-up, read by MyBatis. */
@ServiceTest(schema = "settlement")
class CitySyncTest {

    @Autowired
    CityTable table;

    @Autowired
    CitySync sync;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theCityTableHoldsTheSixteenCitiesWithTheirChineseNames() {
        assertThat(table.findAll()).containsExactlyElementsOf(Cities.all());
        assertThat(jdbc.queryForObject("SELECT name_zh FROM city WHERE code = '3310'", String.class))
                .isEqualTo("台州");
    }

    @Test
    void aHandEditedRowIsPutRightAndNothingIsDuplicatedOnTheNextStart() throws Exception {
        jdbc.update("UPDATE city SET name_en = 'Hangchow' WHERE code = '3301'");
        sync.run(null);
        sync.run(null);
        assertThat(table.findAll()).containsExactlyElementsOf(Cities.all());
    }
}
