package cn.yrd.onecard.settlement.suspense;

import cn.yrd.onecard.settlement.intake.ClearedRecord;
import java.time.LocalDate;
import java.util.List;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

@Mapper
interface SuspenseTable {
    String COLUMNS = "id, business_date, day_file, line_no, business_line, card, payer_city, payee_city, amount, fee, "
            + "txn_time, reason, status, decided_by, decided_at, decision_note";

    @Insert("""
            <script>
            INSERT IGNORE INTO suspense_item (business_date, day_file, line_no, business_line, card, payer_city,
                                              payee_city, amount, fee, txn_time, reason, status) VALUES
            <foreach collection="records" item="r" separator=",">
              (#{date}, #{r.dayFile}, #{r.line}, #{r.businessLine}, #{r.card}, #{r.payer}, #{r.payee}, #{r.amount},
               #{r.fee}, #{r.time}, #{r.reason}, 'OPEN')
            </foreach>
            </script>""")
    int insert(@Param("date") LocalDate date, @Param("records") List<ClearedRecord> records);

    @Select("<script>SELECT " + COLUMNS + " FROM suspense_item WHERE business_date = #{date}"
            + "<if test='city != null'> AND (payer_city = #{city} OR payee_city = #{city})</if>"
            + " ORDER BY day_file, line_no</script>")
    List<SuspenseItem> ofDay(@Param("date") LocalDate date, @Param("city") String city);

    @Select("SELECT " + COLUMNS + " FROM suspense_item WHERE id = #{id} FOR UPDATE")
    SuspenseItem lock(long id);

    @Update("""
            UPDATE suspense_item SET status = #{status}, decided_by = #{user}, decided_at = NOW(3), decision_note = #{note}
            WHERE id = #{id} AND status = 'OPEN'""")
    int decide(@Param("id") long id, @Param("status") String status, @Param("user") String user,
            @Param("note") String note);

    @Select("SELECT " + COLUMNS + " FROM suspense_item WHERE status = 'RELEASED' AND netted_on IS NULL "
            + "AND payer_city <> payee_city ORDER BY id FOR UPDATE")
    List<SuspenseItem> releasedNotNetted();

    @Update("<script>UPDATE suspense_item SET netted_on = #{date} WHERE id IN "
            + "<foreach collection='ids' item='i' open='(' separator=',' close=')'>#{i}</foreach></script>")
    int markNetted(@Param("date") LocalDate date, @Param("ids") List<Long> ids);
}
