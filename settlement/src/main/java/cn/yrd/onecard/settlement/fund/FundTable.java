package cn.yrd.onecard.settlement.fund;

import java.time.LocalDate;
import java.util.List;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

/** The {@code fund_movement} table: a settled day's movements of the home cities' funds, written once. */
@Mapper
public interface FundTable {

    @Insert("""
            <script>
            INSERT INTO fund_movement (business_date, fund, home_city, service_city, kind, care, records, amount,
                bills) VALUES
            <foreach collection="movements" item="m" separator=",">
              (#{m.businessDate}, #{m.fund}, #{m.homeCity}, #{m.serviceCity}, #{m.kind}, #{m.care}, #{m.records},
               #{m.amount}, #{m.bills})
            </foreach>
            </script>""")
    int insert(@Param("movements") List<FundMovement> movements);

    /** The movements of days {@code from} to {@code to} that a city's funds made or that took place there. */
    @Select("""
            SELECT business_date, fund, home_city, service_city, kind, care, records, amount, bills FROM fund_movement
            WHERE business_date BETWEEN #{from} AND #{to} AND (home_city = #{city} OR service_city = #{city})
            ORDER BY business_date, fund, home_city, service_city, kind, care""")
    List<FundMovement> involving(@Param("city") String city, @Param("from") LocalDate from,
            @Param("to") LocalDate to);
}
