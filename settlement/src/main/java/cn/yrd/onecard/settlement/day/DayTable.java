package cn.yrd.onecard.settlement.day;

import cn.yrd.onecard.settlement.intake.MerchantPayout;
import cn.yrd.onecard.settlement.intake.PairTotal;
import cn.yrd.onecard.settlement.netting.NetPosition;
import cn.yrd.onecard.settlement.netting.SettlementInstruction;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

/** The settled day, its pair totals, net positions and instructions. */
@Mapper
public interface DayTable {

    @Select("SELECT closed_at FROM settlement_day WHERE business_date = #{date}")
    LocalDateTime closedAt(LocalDate date);

    @Insert("""
            INSERT INTO settlement_day (business_date, source_sha256, record_count, gross, closed_at)
            VALUES (#{date}, #{sha}, #{records}, #{gross}, NOW(3))""")
    int close(@Param("date") LocalDate date, @Param("sha") String sha, @Param("records") long records,
            @Param("gross") long gross);

    @Insert("""
            <script>
            INSERT INTO pair_total (business_date, business_line, payer_city, payee_city, record_count, gross, fees, net)
            VALUES
            <foreach collection="totals" item="t" separator=",">
              (#{date}, #{t.businessLine}, #{t.payer}, #{t.payee}, #{t.count}, #{t.gross}, #{t.fees}, #{t.net})
            </foreach>
            </script>""")
    int insertTotals(@Param("date") LocalDate date, @Param("totals") List<PairTotal> totals);

    @Insert("""
            <script>
            INSERT INTO net_position (business_date, city, receivable, payable, fee_income, fee_expense, net) VALUES
            <foreach collection="positions" item="p" separator=",">
              (#{date}, #{p.city}, #{p.receivable}, #{p.payable}, #{p.feeIncome}, #{p.feeExpense}, #{p.net})
            </foreach>
            </script>""")
    int insertPositions(@Param("date") LocalDate date, @Param("positions") List<NetPosition> positions);

    @Insert("""
            INSERT INTO settlement_instruction (reference, business_date, city, direction, amount, payee_account)
            VALUES (#{reference}, #{date}, #{city}, #{direction}, #{amount}, #{payeeAccount})""")
    int insertInstruction(SettlementInstruction instruction);

    @Insert("""
            INSERT INTO merchant_payout (business_date, city, merchant_id, name, category, payments, gross, discount,
                net, reference)
            VALUES (#{date}, #{p.city}, #{p.merchantId}, #{p.name}, #{p.category}, #{p.count}, #{p.gross}, #{p.discount},
                #{p.net}, #{reference})""")
    int insertPayout(@Param("date") LocalDate date, @Param("p") MerchantPayout payout,
            @Param("reference") String reference);

    /**
     * A merchant's statement of a settled day: what it was owed and the transfer that pays it; its category, null on a
     * day settled before categories were kept.
     */
    record Statement(LocalDate businessDate, String city, String merchantId, String name, String category,
            long payments, long gross, long discount, long net, String reference) {
    }

    @Select("""
            SELECT business_date, city, merchant_id, name, category, payments, gross, discount, net, reference
            FROM merchant_payout WHERE business_date = #{date} ORDER BY city, merchant_id""")
    List<Statement> statements(LocalDate date);

    @Select("""
            SELECT city, receivable, payable, fee_income, fee_expense FROM net_position
            WHERE business_date = #{date} ORDER BY city""")
    List<NetPosition> positions(LocalDate date);

    @Select("""
            SELECT reference, business_date, city, direction, amount, payee_account FROM settlement_instruction
            WHERE business_date = #{date} ORDER BY reference""")
    List<SettlementInstruction> instructions(LocalDate date);

    /** A settled day as the trend chart shows it. */
    record Settled(LocalDate businessDate, long recordCount, long gross) {
    }

    @Select("""
            SELECT business_date, record_count, gross FROM settlement_day
            WHERE business_date > DATE_SUB(#{date}, INTERVAL 30 DAY) AND business_date <= #{date}
            ORDER BY business_date""")
    List<Settled> lastThirtyDays(LocalDate date);

    @Select("SELECT MAX(business_date) FROM settlement_day")
    LocalDate lastClosed();

    @Select("""
            SELECT business_line, payer_city, payee_city, record_count, gross, fees, net FROM pair_total
            WHERE business_date = #{date} ORDER BY business_line, payer_city, payee_city""")
    List<PairTotal> totals(LocalDate date);
}
