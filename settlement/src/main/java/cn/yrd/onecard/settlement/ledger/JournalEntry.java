package cn.yrd.onecard.settlement.ledger;

import java.time.LocalDate;
import java.util.List;

/**
 * A balanced journal entry: its debits equal its credits, or it cannot be made. The reference is unique in the
 * ledger, so posting the same business twice is refused by the database.
 */
public record JournalEntry(LocalDate date, Kind kind, String reference, String description, List<Posting> postings) {

    public enum Kind { CLEARING, NETTING, BANK, RELEASE, CARD }

    public JournalEntry {
        postings = List.copyOf(postings);
        if (postings.isEmpty()) {
            throw new IllegalArgumentException("journal entry " + reference + " has no postings");
        }
        long debits = 0;
        long credits = 0;
        for (Posting p : postings) {
            debits = Math.addExact(debits, p.debit());
            credits = Math.addExact(credits, p.credit());
        }
        if (debits != credits) {
            throw new IllegalArgumentException("journal entry " + reference + " does not balance: debits " + debits
                    + " fen, credits " + credits + " fen");
        }
    }
}
