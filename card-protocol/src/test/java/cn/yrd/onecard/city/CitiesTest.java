package cn.yrd.onecard.city;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CitiesTest {

    @Test
    void theSixteenCitiesOfTheCardProfile() {
        assertThat(Cities.all()).extracting(City::code).containsExactly("3100", "3201", "3202", "3204", "3205",
                "3206", "3210", "3211", "3212", "3301", "3302", "3304", "3305", "3306", "3309", "3310");
        assertThat(Cities.all()).extracting(City::province).containsOnly("Shanghai", "Jiangsu", "Zhejiang");
    }

    @Test
    void theTwoTaizhousAreToldApart() {
        City jiangsu = Cities.byCode("3212");
        City zhejiang = Cities.byCode("3310");
        assertThat(jiangsu.nameZh()).isEqualTo("泰州");
        assertThat(zhejiang.nameZh()).isEqualTo("台州");
        assertThat(jiangsu.nameEn()).isNotEqualTo(zhejiang.nameEn());
    }

    @Test
    void citiesComeFromTheirBcdBytesAndUnknownCodesAreNamed() {
        assertThat(Cities.fromBcd(new byte[] {0x33, 0x02}, 0).nameEn()).isEqualTo("Ningbo");
        assertThat(Cities.byCode("3205").bcd()).containsExactly(0x32, 0x05);
        assertThatThrownBy(() -> Cities.byCode("3203"))
                .hasMessage("unknown city code '3203' (not one of the 16 cities of the delta)");
        assertThatThrownBy(() -> Cities.fromBcd(new byte[] {0x3A, 0x02}, 0)).hasMessageContaining("'3A02'");
    }
}
