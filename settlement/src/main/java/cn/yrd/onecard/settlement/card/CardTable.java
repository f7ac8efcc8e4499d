package cn.yrd.onecard.settlement.card;

import cn.yrd.onecard.settlement.intake.ClearedRecord;
import java.time.LocalDate;
import java.util.List;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

/** The {@code card_shadow} and {@code card_txn} tables. */
@Mapper
interface CardTable {

    /**
     * Each card's latest record of the batch, kept only if it is later than what set the card's balance: by counter
     * when both are loads or both purchases (each kind has its own counter on the card, and a validator's clock may be
     * hours off); between a load and a purchase, the one that starts where the card's balance stands; never one the
     * balance-setting record continues from (it starts where that one ends); else by time then counter (a day settled
     * late must not move a balance back). {@code @later} is decided once a row, before any column changes.
     * ShadowBalances#later decides the same in Java, for the float's movements; PurseOrder orders a night's records
     * by the same rules.
     */
    @Insert("""
            <script>
            INSERT INTO card_shadow (card, issuer_city, balance, last_txn_time, last_counter, last_load, business_date,
                last_balance_before)
            VALUES
            <foreach collection="records" item="r" separator=",">
              (#{r.card}, #{r.issuerCity}, #{r.balanceAfter}, #{r.time}, #{r.counter}, (#{r.type} = '02'), #{date},
               #{r.balanceBefore})
            </foreach>
            ON DUPLICATE KEY UPDATE
              balance = IF(@later := IF(last_load &lt;=&gt; VALUES(last_load), VALUES(last_counter) > last_counter,
                                        VALUES(last_balance_before) &lt;=&gt; balance
                                        OR NOT (last_balance_before &lt;=&gt; VALUES(balance))
                                           AND (VALUES(last_txn_time), VALUES(last_counter))
                                               > (last_txn_time, last_counter)),
                           VALUES(balance), balance),
              business_date = IF(@later, VALUES(business_date), business_date),
              last_txn_time = IF(@later, VALUES(last_txn_time), last_txn_time),
              last_counter = IF(@later, VALUES(last_counter), last_counter),
              last_load = IF(@later, VALUES(last_load), last_load),
              last_balance_before = IF(@later, VALUES(last_balance_before), last_balance_before)
            </script>""")
    int upsertLatest(@Param("date") LocalDate date, @Param("records") List<ClearedRecord> latest);

    @Insert("""
            <script>
            INSERT IGNORE INTO card_txn (card, txn_time, counter, txn_type, business_line, acquirer_city, amount,
                                         balance_after, business_date) VALUES
            <foreach collection="records" item="r" separator=",">
              (#{r.card}, #{r.time}, #{r.counter}, #{r.type}, #{r.businessLine},
               #{r.acquirerCity}, #{r.amount}, #{r.balanceAfter}, #{date})
            </foreach>
            </script>""")
    int insertTransactions(@Param("date") LocalDate date, @Param("records") List<ClearedRecord> records);

    @Select("""
            SELECT txn_time, txn_type, acquirer_city, amount, balance_after FROM card_txn
            WHERE card = #{card} ORDER BY txn_time DESC, counter DESC LIMIT #{limit}""")
    List<CardTransaction> transactions(@Param("card") String card, @Param("limit") int limit);

    @Select("SELECT COALESCE(SUM(balance), 0) FROM card_shadow WHERE issuer_city = #{city}")
    long cardFloat(String city);

    /**
     * A card's shadow as it stands: its balance and the time, counter, kind and balance before of the record that set
     * it (the balance before is null for shadows set before it was kept).
     */
    record Shadow(String card, long balance, java.time.LocalDateTime lastTxnTime, int lastCounter, Boolean lastLoad,
            Long lastBalanceBefore) {
    }

    @Select("""
            <script>
            SELECT card, balance, last_txn_time, last_counter, last_load, last_balance_before FROM card_shadow
            WHERE card IN
            <foreach collection="cards" item="c" open="(" separator="," close=")">#{c}</foreach>
            </script>""")
    List<Shadow> shadows(@Param("cards") List<String> cards);

    /** Each issuing city's cards' balances added up (issuers with no card have none). */
    @Select("SELECT issuer_city AS city, SUM(balance) AS fen FROM card_shadow GROUP BY issuer_city ORDER BY issuer_city")
    List<java.util.Map<String, Object>> floatByIssuer();
}
