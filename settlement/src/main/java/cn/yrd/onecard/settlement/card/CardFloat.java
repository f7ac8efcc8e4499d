package cn.yrd.onecard.settlement.card;

import cn.yrd.onecard.settlement.ledger.Accounts;
import cn.yrd.onecard.settlement.ledger.JournalEntry;
import cn.yrd.onecard.settlement.ledger.Ledger;
import cn.yrd.onecard.settlement.ledger.Posting;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * The issuers' card float (docs/settlement.md, "Card float"): what each city owes the holders of its cards. The ledger
 * keeps it from the records ({@code CARD_FLOAT} against {@code CARD_FUNDS} for loads and purchases, {@code
 * CARD_OPENING} for what a card held when the centre first saw it, {@code CARD_GAPS} for a movement no accepted record
 * explains) and from the counters' refunds and replacements; the cards' shadow balances keep it card by card. Every
 * settled night the two must agree, issuer by issuer: {@link #breaks()}.
 */
@Component
public class CardFloat {
    private final CardTable table;
    private final Ledger ledger;

    CardFloat(CardTable table, Ledger ledger) {
        this.table = table;
        this.ledger = ledger;
    }

    /** How a settled day moved an issuer's float, in fen: by its records, by first sight of its cards, by gaps. */
    public record Movement(String issuer, long records, long opening, long gaps) {
    }

    /** The day's float entry ({@code FLOAT-<date>}), or null when the day moved no card. */
    public static JournalEntry entry(LocalDate date, List<Movement> movements) {
        List<Posting> p = new ArrayList<>();
        for (Movement m : movements) {
            move(p, m.issuer(), Accounts.cardFunds(m.issuer()), m.records());
            move(p, m.issuer(), Accounts.cardOpening(m.issuer()), m.opening());
            move(p, m.issuer(), Accounts.cardGaps(m.issuer()), m.gaps());
        }
        return p.isEmpty() ? null : new JournalEntry(date, JournalEntry.Kind.CARD, "FLOAT-" + date,
                "the cards' balances moved by the day's records", p);
    }

    /** The float grows (credit) by {@code fen} against {@code other}, or shrinks for a negative {@code fen}. */
    private static void move(List<Posting> p, String issuer, String other, long fen) {
        if (fen > 0) {
            p.add(Posting.debit(other, fen));
            p.add(Posting.credit(Accounts.cardFloat(issuer), fen));
        } else if (fen < 0) {
            p.add(Posting.debit(Accounts.cardFloat(issuer), -fen));
            p.add(Posting.credit(other, -fen));
        }
    }

    /**
     * Each issuer whose cards' shadow balances do not add up to its float account, in one line: empty when every
     * issuer's do. The two sides are kept apart (the shadow table by the records' last balances, the ledger by their
     * amounts), so a card balance changed by anything but a settled record or a counter shows here.
     */
    public List<String> breaks() {
        Map<String, Long> cards = byIssuer();
        Map<String, Long> ledgered = ledger.balancesOf("CARD_FLOAT");
        List<String> out = new ArrayList<>();
        TreeSet<String> issuers = new TreeSet<>(cards.keySet());
        issuers.addAll(ledgered.keySet());
        for (String issuer : issuers) {
            long held = cards.getOrDefault(issuer, 0L);
            long owed = -ledgered.getOrDefault(issuer, 0L); // a credit balance
            if (held != owed) {
                out.add("card float of " + issuer + ": its cards hold " + held + " fen, the ledger's "
                        + Accounts.cardFloat(issuer) + " says " + owed + " fen");
            }
        }
        return out;
    }

    /** The float of each issuer as its cards hold it, in fen. */
    public Map<String, Long> byIssuer() {
        Map<String, Long> out = new TreeMap<>();
        for (Map<String, Object> row : table.floatByIssuer()) {
            out.put((String) row.get("city"), ((Number) row.get("fen")).longValue());
        }
        return out;
    }
}
