package cn.yrd.onecard.settlement.holder;

import java.time.LocalDate;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** The {@code card_holder} table: the issuers' registers of their cards' holders, as check values. */
@Mapper
interface HolderTable {

    /** A card's holder as registered; {@code pinCheck} null for a named transit card. */
    record Holder(String card, String issuerCity, String kind, String salt, String pinCheck, String idCheck,
            int failedChecks) {
    }

    @Select("SELECT card, issuer_city, kind, salt, pin_check, id_check, failed_checks FROM card_holder "
            + "WHERE card = #{card} FOR UPDATE")
    Holder lock(String card);

    /** Registers the holder, or registers them anew (a new PIN, a card handed to another): the count starts again. */
    @Insert("""
            INSERT INTO card_holder (card, issuer_city, kind, salt, pin_check, id_check, failed_checks, registered_on)
            VALUES (#{h.card}, #{h.issuerCity}, #{h.kind}, #{h.salt}, #{h.pinCheck}, #{h.idCheck}, 0, #{on})
            ON DUPLICATE KEY UPDATE kind = VALUES(kind), salt = VALUES(salt), pin_check = VALUES(pin_check),
                id_check = VALUES(id_check), failed_checks = 0, registered_on = VALUES(registered_on)""")
    void register(@Param("h") Holder holder, @Param("on") LocalDate on);

    @Select("SELECT issuer_city FROM card_holder WHERE card = #{card}")
    String issuerOf(String card);

    @Update("UPDATE card_holder SET failed_checks = failed_checks + 1 WHERE card = #{card}")
    void failed(String card);

    @Update("UPDATE card_holder SET failed_checks = 0 WHERE card = #{card}")
    void passed(String card);
}
