package cn.yrd.onecard.settlement.reconciliation;

import cn.yrd.onecard.settlement.netting.SettlementInstruction;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** Instructions as the bank confirms them, and the breaks found. */
@Mapper
public interface ReconciliationTable {

    /** An instruction of the day, and the bank's transaction that executed it (null until confirmed). */
    record Instruction(String reference, LocalDate date, String city, SettlementInstruction.Direction direction,
            long amount, String payeeAccount, String bankTxn) {
        SettlementInstruction instruction() {
            return new SettlementInstruction(reference, date, city, direction, amount, payeeAccount);
        }
    }

    @Select("""
            SELECT reference, business_date, city, direction, amount, payee_account, bank_txn FROM settlement_instruction
            WHERE business_date = #{date} ORDER BY reference""")
    List<Instruction> instructions(LocalDate date);

    @Update("""
            UPDATE settlement_instruction SET confirmed_at = NOW(3), bank_txn = #{bankTxn}
            WHERE reference = #{reference} AND bank_txn IS NULL""")
    int confirm(@Param("reference") String reference, @Param("bankTxn") String bankTxn);

    @Insert("""
            INSERT IGNORE INTO reconciliation_break (business_date, source, source_sha256, kind, reference, expected,
                                                     actual, action, found_at)
            VALUES (#{date}, #{source}, #{sha}, #{b.kind}, #{b.reference}, #{b.expected}, #{b.actual}, #{b.action},
                    NOW(3))""")
    int insertBreak(@Param("date") LocalDate date, @Param("source") String source, @Param("sha") String sha,
            @Param("b") Break b);

    @Select("""
            SELECT kind, reference, expected, actual, action FROM reconciliation_break
            WHERE business_date = #{date} AND source = #{source} AND source_sha256 = #{sha} ORDER BY id""")
    List<Break> breaks(@Param("date") LocalDate date, @Param("source") String source, @Param("sha") String sha);

    /** A break as the pages list it: where it was found as well as what it is. */
    record FoundBreak(String source, String kind, String reference, Long expected, Long actual, String action) {
    }

    @Select("""
            SELECT source, kind, reference, expected, actual, action FROM reconciliation_break
            WHERE business_date = #{date} ORDER BY id""")
    List<FoundBreak> ofDay(LocalDate date);

    @Select("""
            SELECT business_line, payer_city, payee_city, record_count, gross FROM pair_total
            WHERE business_date = #{date} AND (payer_city = #{city} OR payee_city = #{city})
            ORDER BY business_line, payer_city, payee_city""")
    List<StatedTotal> clearedTotals(@Param("date") LocalDate date, @Param("city") String city);

    /** A (business line, payer, payee) total as clearing or a city states it. */
    /** What a merchant was to be paid for a settled day, as a total of its own: its payments and their gross. */
    @Select("""
            SELECT 'MERCHANT', city, merchant_id, payments, gross FROM merchant_payout
            WHERE business_date = #{date} AND merchant_id = #{merchant}""")
    Optional<StatedTotal> merchantPaid(@Param("date") LocalDate date, @Param("merchant") String merchantId);

    record StatedTotal(String businessLine, String payer, String payee, long count, long gross) {
        String key() {
            return businessLine + " " + payer + " -> " + payee;
        }
    }
}
