package cn.yrd.onecard.settlement.suspense;

import cn.yrd.onecard.settlement.audit.AuditTrail;
import cn.yrd.onecard.settlement.intake.ClearedRecord;
import cn.yrd.onecard.settlement.intake.PairTotal;
import cn.yrd.onecard.settlement.ledger.Accounts;
import cn.yrd.onecard.settlement.ledger.JournalEntry;
import cn.yrd.onecard.settlement.ledger.Ledger;
import cn.yrd.onecard.settlement.ledger.Posting;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The records clearing suspended, for finance staff to release or write off. Nothing in the past is edited: a
 * release is posted to the ledger on the day it is decided and netted by the next day settled; a write-off
 * moves no money. Every decision is in the audit trail with who, when and why.
 */
@Service
public class SuspenseQueue {
    private final SuspenseTable table;
    private final Ledger ledger;
    private final AuditTrail audit;

    SuspenseQueue(SuspenseTable table, Ledger ledger, AuditTrail audit) {
        this.table = table;
        this.ledger = ledger;
        this.audit = audit;
    }

    /** A decision that cannot be taken, with why, in one line. */
    public static final class RefusedDecision extends Exception {
        RefusedDecision(String message) {
            super(message);
        }
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void take(LocalDate date, List<ClearedRecord> records) {
        List<ClearedRecord> suspended = records.stream().filter(r -> !r.accepted()).toList();
        for (int i = 0; i < suspended.size(); i += 1000) {
            table.insert(date, suspended.subList(i, Math.min(suspended.size(), i + 1000)));
        }
    }

    public List<SuspenseItem> ofDay(LocalDate date, String cityOrNull) {
        return table.ofDay(date, cityOrNull);
    }

    /** Releases an item: its business is cleared today, as if it had been accepted. */
    @Transactional(rollbackFor = RefusedDecision.class)
    public void release(long id, String user, String note) throws RefusedDecision {
        SuspenseItem item = decide(id, "RELEASED", user, note);
        long net = item.amount() - item.fee();
        List<Posting> p = new ArrayList<>();
        if (!item.payerCity().equals(item.payeeCity())) {
            if (net > 0) {
                p.add(Posting.debit(Accounts.dueFrom(item.payerCity(), item.businessLine()), net));
                p.add(Posting.credit(Accounts.dueTo(item.payeeCity(), item.businessLine()), net));
            }
            if (item.fee() > 0) {
                p.add(Posting.debit(Accounts.feeExpense(item.payeeCity()), item.fee()));
                p.add(Posting.credit(Accounts.feeIncome(item.payerCity()), item.fee()));
            }
        }
        if (!p.isEmpty()) {
            ledger.post(new JournalEntry(LocalDate.now(), JournalEntry.Kind.RELEASE, "REL-" + id, "released "
                    + item.dayFile() + " line " + item.lineNo() + " (" + item.reason() + ") by " + user, p));
        }
    }

    /** Writes an item off: it stays out of the cities' positions for good. */
    @Transactional(rollbackFor = RefusedDecision.class)
    public void writeOff(long id, String user, String note) throws RefusedDecision {
        decide(id, "WRITTEN_OFF", user, note);
    }

    private SuspenseItem decide(long id, String status, String user, String note) throws RefusedDecision {
        String why = note == null ? "" : note.strip();
        if (why.isEmpty() || why.length() > 200) {
            throw new RefusedDecision("say why in 1 to 200 characters");
        }
        SuspenseItem item = table.lock(id);
        if (item == null) {
            throw new RefusedDecision("no suspense item " + id);
        }
        if (!item.open()) {
            throw new RefusedDecision("suspense item " + id + " was already " + item.status().toLowerCase().replace('_', ' ')
                    + " by " + item.decidedBy() + " at " + item.decidedAt());
        }
        table.decide(id, status, user, why);
        audit.record(user, status.equals("RELEASED") ? "RELEASE" : "WRITE_OFF", subject(id), why);
        return item;
    }

    public static String subject(long id) {
        return "suspense:" + id;
    }

    /**
     * The cross-city releases not yet netted, as totals per pair, for the day being settled; marks them netted
     * by that day. Their ledger entries were posted when they were released.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<PairTotal> netReleases(LocalDate settledDay) {
        List<SuspenseItem> items = table.releasedNotNetted();
        Map<String, long[]> sums = new TreeMap<>();
        for (SuspenseItem i : items) {
            long[] s = sums.computeIfAbsent(i.businessLine() + "|" + i.payerCity() + "|" + i.payeeCity(),
                    k -> new long[3]);
            s[0]++;
            s[1] = Math.addExact(s[1], i.amount());
            s[2] = Math.addExact(s[2], i.fee());
        }
        if (!items.isEmpty()) {
            table.markNetted(settledDay, items.stream().map(SuspenseItem::id).toList());
        }
        List<PairTotal> out = new ArrayList<>();
        sums.forEach((k, s) -> {
            String[] f = k.split("\\|");
            out.add(new PairTotal(f[0], f[1], f[2], s[0], s[1], s[2], s[1] - s[2]));
        });
        return out;
    }
}
