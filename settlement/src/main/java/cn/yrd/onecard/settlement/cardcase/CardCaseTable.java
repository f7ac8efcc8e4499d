package cn.yrd.onecard.settlement.cardcase;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** The {@code card_case} table, and what a decision reads of the card's shadow and suspense. */
@Mapper
interface CardCaseTable {
    /** A {@link CardCase}'s columns, in its order. */
    String CASE = "card, issuer_city, outcome, amount, counter_city, new_card, decided_by, decided_at, request_key, "
            + "bank_account";

    /** The card's shadow, locked: two counters deciding one card at once take turns. */
    record Shadow(String issuerCity, long balance) {
    }

    @Select("SELECT issuer_city, balance FROM card_shadow WHERE card = #{card} FOR UPDATE")
    Shadow lockShadow(String card);

    @Select("SELECT " + CASE + " FROM card_case WHERE card = #{card}")
    CardCase find(String card);

    /** Whether {@code card} is known already: a card with cleared records, a decided card or a replacement. */
    @Select("SELECT (SELECT COUNT(*) FROM card_shadow WHERE card = #{card}) + (SELECT COUNT(*) FROM card_case "
            + "WHERE card = #{card} OR new_card = #{card})")
    int known(String card);

    /** The card's money left it (refunded, or moved onto its replacement): its shadow holds nothing the centre owes. */
    @Update("UPDATE card_shadow SET balance = 0 WHERE card = #{card}")
    int emptyShadow(String card);

    @Select("SELECT COUNT(*) FROM suspense_item WHERE card = #{card} AND status = 'OPEN'")
    int openSuspense(String card);

    @Insert("""
            INSERT INTO card_case (card, issuer_city, outcome, amount, counter_city, new_card, decided_by, decided_at,
                                   request_key, bank_account)
            VALUES (#{c.card}, #{c.issuerCity}, #{c.outcome}, #{c.amount}, #{c.counterCity}, #{c.newCard},
                    #{c.decidedBy}, #{c.decidedAt}, #{c.requestKey}, #{c.bankAccount})""")
    void insert(@Param("c") CardCase c);

    /** The decisions between two cities not yet netted, with money to move between them (not a bank refund's). */
    @Select("SELECT " + CASE + " FROM card_case "
            + "WHERE netted_on IS NULL AND issuer_city <> counter_city AND amount > 0 AND bank_account IS NULL ORDER BY card")
    List<CardCase> notNetted();

    @Update("""
            <script>
            UPDATE card_case SET netted_on = #{date} WHERE card IN
            <foreach collection="cards" item="c" open="(" separator="," close=")">#{c}</foreach>
            </script>""")
    void markNetted(@Param("date") LocalDate date, @Param("cards") List<String> cards);

    /** The refunds to holders' accounts not yet instructed, with money to pay. */
    @Select("SELECT " + CASE + " FROM card_case "
            + "WHERE bank_account IS NOT NULL AND refund_reference IS NULL AND amount > 0 ORDER BY issuer_city, card")
    List<CardCase> notInstructed();

    @Update("UPDATE card_case SET refund_reference = #{reference} WHERE card = #{card} AND refund_reference IS NULL")
    int markInstructed(@Param("card") String card, @Param("reference") String reference);

    /** The cards reported between {@code from} and {@code to}, for the counters' report of the day. */
    @Select("""
            SELECT e.card, s.issuer_city, e.reason, e.effective_at, e.reported_by, u.city, e.reported_at, e.lifted_at
            FROM hotlist_entry e LEFT JOIN card_shadow s ON s.card = e.card
                LEFT JOIN finance_user u ON u.username = e.reported_by
            WHERE e.reported_at >= #{from} AND e.reported_at < #{to} ORDER BY e.reported_at, e.card""")
    List<CardCases.Report> reportedBetween(@Param("from") LocalDateTime from, @Param("to") LocalDateTime to);

    /** The cases a city's counters decided between {@code from} and {@code to}, for its counter report. */
    @Select("SELECT " + CASE + " FROM card_case "
            + "WHERE decided_at >= #{from} AND decided_at < #{to} ORDER BY decided_at, card")
    List<CardCase> decidedBetween(@Param("from") LocalDateTime from, @Param("to") LocalDateTime to);
}
