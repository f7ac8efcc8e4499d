package cn.yrd.onecard.settlement.city;

import cn.yrd.onecard.city.City;
import java.util.List;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Select;

/** The {@code city} table. VALUES() in the update: MariaDB has no MySQL 8 row alias, both accept this. */
@Mapper
interface CityTable {

    @Insert("""
            INSERT INTO city (code, province, name_zh, name_en)
            VALUES (#{code}, #{province}, #{nameZh}, #{nameEn})
            ON DUPLICATE KEY UPDATE province = VALUES(province), name_zh = VALUES(name_zh), name_en = VALUES(name_en)
            """)
    int upsert(City city);

    @Select("SELECT code, province, name_zh, name_en FROM city ORDER BY code")
    List<City> findAll();
}
