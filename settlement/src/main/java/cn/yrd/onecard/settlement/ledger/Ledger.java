package cn.yrd.onecard.settlement.ledger;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Posts balanced entries and answers account balances. Runs inside the caller's transaction. */
@Component
public class Ledger {
    private final JournalTable table;

    Ledger(JournalTable table) {
        this.table = table;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void post(JournalEntry entry) {
        JournalTable.NewEntry row = new JournalTable.NewEntry(entry);
        table.insertEntry(row);
        table.insertLines(row.id, entry.postings());
    }

    public boolean posted(String reference) {
        return table.countReference(reference) > 0;
    }

    /** Every account's balance (debits - credits, fen) as of the end of {@code date}. */
    public Map<String, Long> balances(LocalDate date) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Map<String, Object> row : table.balances(date)) {
            out.put((String) row.get("account"), ((Number) row.get("balance")).longValue());
        }
        return out;
    }

    /** The balance (debits - credits, fen) of every account {@code CITY.suffix}, all time, by city. */
    public Map<String, Long> balancesOf(String suffix) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Map<String, Object> row : table.balancesOf(suffix)) {
            String account = (String) row.get("account");
            out.put(account.substring(0, account.indexOf('.')), ((Number) row.get("balance")).longValue());
        }
        return out;
    }

    /** Ids of entries that do not balance; empty for a sound ledger. */
    public List<Long> unbalancedEntries() {
        return table.unbalancedEntries();
    }
}
