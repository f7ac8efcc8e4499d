package cn.yrd.onecard.settlement.ledger;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Options;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

/** The {@code journal_entry} and {@code journal_line} tables: written once, never updated (triggers refuse). */
@Mapper
interface JournalTable {

    /** Holder for the generated id. */
    final class NewEntry {
        public Long id;
        public final JournalEntry entry;

        NewEntry(JournalEntry entry) {
            this.entry = entry;
        }
    }

    @Insert("""
            INSERT INTO journal_entry (business_date, kind, reference, description, posted_at)
            VALUES (#{entry.date}, #{entry.kind}, #{entry.reference}, #{entry.description}, NOW(3))""")
    @Options(useGeneratedKeys = true, keyProperty = "id", keyColumn = "id")
    int insertEntry(NewEntry entry);

    @Insert("""
            <script>
            INSERT INTO journal_line (entry_id, line_no, account, debit, credit) VALUES
            <foreach collection="postings" item="p" index="i" separator=",">
              (#{entryId}, #{i}, #{p.account}, #{p.debit}, #{p.credit})
            </foreach>
            </script>""")
    int insertLines(@Param("entryId") long entryId, @Param("postings") List<Posting> postings);

    @Select("SELECT COUNT(*) FROM journal_entry WHERE reference = #{reference}")
    int countReference(String reference);

    /** Balance (debits - credits) of every account touched up to and including {@code date}. */
    @Select("""
            SELECT l.account AS account, SUM(l.debit) - SUM(l.credit) AS balance
            FROM journal_line l JOIN journal_entry e ON e.id = l.entry_id
            WHERE e.business_date <= #{date}
            GROUP BY l.account ORDER BY l.account""")
    List<Map<String, Object>> balances(LocalDate date);

    /** The balance (debits - credits) of every account named {@code *.SUFFIX}, all time. */
    @Select("""
            SELECT account AS account, SUM(debit) - SUM(credit) AS balance FROM journal_line
            WHERE account LIKE CONCAT('%.', #{suffix}) GROUP BY account ORDER BY account""")
    List<Map<String, Object>> balancesOf(String suffix);

    /** Entries whose debits do not equal their credits: none, unless the ledger was tampered with. */
    @Select("SELECT entry_id FROM journal_line GROUP BY entry_id HAVING SUM(debit) <> SUM(credit)")
    List<Long> unbalancedEntries();
}
