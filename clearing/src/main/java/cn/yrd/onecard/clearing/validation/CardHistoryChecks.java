package cn.yrd.onecard.clearing.validation;

import cn.yrd.onecard.city.City;
import cn.yrd.onecard.record.PurseOrder;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The checks that look across a card's records, once every file of the day is loaded, so the outcome does not
 * depend on the order in which files loaded in parallel. One issuing city at a time: a purse belongs to one
 * city, so the cities' cards can be checked in parallel, each city's in one transaction. Earlier records win:
 * by business date, then file, then line. Records of other business dates are read, never changed.
 * <ol>
 *   <li>duplicates (D01): a card's counter value accepted more than once, or a PSAM's transaction counter (TTC)
 *       on the card accepted more than once (the TAC does not cover the card's counter: a replay with an
 *       altered ATC verifies, but the PSAM counts every transaction once);</li>
 *   <li>counter gaps (G01): a counter that skips values since the card's previous record: a record never
 *       received (a suspended record was received, so it leaves no gap);</li>
 *   <li>balance chains (B02): a balance before that is not the previous record's balance after (the card's
 *       counters order its records, not the terminals' clocks).</li>
 * </ol>
 * Records not proven to have happened (T01, a TAC that does not verify) and second copies (D01) are no part of
 * a card's history: a forged record must not break the chain of the genuine ones around it. Each record gets
 * its first failing reason, all decided on the history as it stood before the pass, and only accepted records
 * of the business date are suspended: rerunning finds nothing more to do.
 *
 * <p>The day's records come from {@link DayPurseRecords} (read once, in key order); the cards' records of other
 * nights through their nights' {@link CardNights} rows, which each pass writes for its own night; the three orders
 * are sorts here, not window sorts on the server.
 */
@Component
public class CardHistoryChecks {
    /** Records suspended by one statement: a few hundred rows of four values, a text of some 40 KB. */
    public static final int SUSPENSIONS_PER_STATEMENT = 500;

    private final JdbcTemplate jdbc;

    public CardHistoryChecks(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** How many records one pass suspended, by reason. */
    public record Suspended(int duplicates, int counterGaps, int balanceChains) {
    }

    /** One pass over the cards of {@code issuer} used on {@code date}; the caller holds the transaction. */
    public Suspended run(LocalDate date, City issuer, DayPurseRecords day) {
        List<PurseRecord> history = day.take(issuer);
        CardNights.write(jdbc, date, issuer, history);
        history.addAll(CardNights.otherNights(jdbc, date, issuer, history));
        List<PurseRecord> byCard = Arrays.asList(byCard(history));
        int today = (int) date.toEpochDay();
        List<Object[]> suspensions = new ArrayList<>();
        int[] counts = new int[3];
        int from = 0;
        while (from < byCard.size()) {
            int to = from;
            while (to < byCard.size() && byCard.get(to).card == byCard.get(from).card) {
                to++;
            }
            check(byCard.subList(from, to), today, suspensions, counts);
            from = to;
        }
        suspend(jdbc, suspensions);
        return new Suspended(counts[0], counts[1], counts[2]);
    }

    /** Every card of {@code night} is in its {@code card_night} rows: its card-history step has completed. */
    public void completed(LocalDate night) {
        CardNights.complete(jdbc, night);
    }

    /**
     * Suspends each of {@code suspensions} ({reason, detail, file, line}, a record at most once) that is still
     * accepted, a few hundred rows a statement: their rows as a derived table, joined to their records by key. A
     * batch of one-row UPDATEs, which the driver sends as one text of many statements for the server to parse and run
     * one by one, took 60 µs a row: 0.45 s of the 7,435 card-history suspensions of a million-record night (the
     * bench's), two fifths of the step. Plain SQL both MySQL and MariaDB take (they write a VALUES table differently).
     */
    public static void suspend(JdbcTemplate jdbc, List<Object[]> suspensions) {
        for (int from = 0; from < suspensions.size(); from += SUSPENSIONS_PER_STATEMENT) {
            List<Object[]> some = suspensions.subList(from, Math.min(suspensions.size(),
                    from + SUSPENSIONS_PER_STATEMENT));
            jdbc.update(suspending(some.size()), some.stream().flatMap(Arrays::stream).toArray());
        }
    }

    /** The statement that suspends {@code rows} records: four parameters a row, as {@link #suspend} gives them. */
    public static String suspending(int rows) {
        StringBuilder sql = new StringBuilder("UPDATE (SELECT ? AS reason, ? AS detail, ? AS file_id, ? AS line_no");
        for (int i = 1; i < rows; i++) {
            sql.append(" UNION ALL SELECT ?, ?, ?, ?");
        }
        return sql.append(") s STRAIGHT_JOIN clearing_record r ON r.file_id = s.file_id AND r.line_no = s.line_no "
                + "SET r.status = 'S', r.reason = s.reason, r.detail = s.detail WHERE r.status = 'A'").toString();
    }

    /**
     * The records grouped by card in card order, each card's in the order given. A sort of the records by card
     * through a comparator was half the step's CPU (a city's day is tens of thousands of records in file order, its
     * cards at random); here the card numbers alone are sorted, and the records placed by their card's rank.
     */
    static PurseRecord[] byCard(List<PurseRecord> records) {
        int n = records.size();
        long[] cards = new long[n];
        for (int i = 0; i < n; i++) {
            cards[i] = records.get(i).card;
        }
        Arrays.sort(cards);
        int distinct = 0;
        for (int i = 0; i < n; i++) {
            if (i == 0 || cards[i] != cards[i - 1]) {
                cards[distinct++] = cards[i];
            }
        }
        int[] rank = new int[n];
        int[] next = new int[distinct + 1];
        for (int i = 0; i < n; i++) {
            rank[i] = Arrays.binarySearch(cards, 0, distinct, records.get(i).card);
            next[rank[i] + 1]++;
        }
        for (int c = 0; c < distinct; c++) {
            next[c + 1] += next[c];
        }
        PurseRecord[] grouped = new PurseRecord[n];
        for (int i = 0; i < n; i++) {
            grouped[next[rank[i]]++] = records.get(i);
        }
        return grouped;
    }

    /**
     * Sets each record's previous balance after, in the order the card's counters give (not the terminals' clocks).
     * Second copies and purchases above the balance are no part of the chain.
     */
    private static void chainBalances(PurseRecord[] byCounter) {
        // A purchase larger than the balance (B01) cannot have happened on the card either: its negative balance
        // after must not break the chain of the genuine record that follows it.
        List<PurseRecord> chain = new ArrayList<>(byCounter.length);
        for (PurseRecord r : byCounter) {
            if (!r.copy && !r.psamCopy && (r.balanceAfter == PurseRecord.NONE || r.balanceAfter >= 0)) {
                chain.add(r);
            }
        }
        long balance = PurseRecord.NONE;
        for (PurseRecord r : PurseOrder.of(chain, PurseRecord::step)) {
            r.previousBalanceAfter = balance;
            balance = r.balanceAfter;
        }
    }

    // The two orders as plain methods, not chains of comparing and thenComparing: a night of a new clearing JVM (each
    // night's, and a worker's first) compiled check() with the chains' lambdas inlined for 1.0-1.4 s of a core, in the
    // middle of the card-history step (JFR, 2026-12-07).

    /** By counter kind and counter, then business date, file and line. */
    private static int byCounter(PurseRecord a, PurseRecord b) {
        int c = Integer.compare(a.counterKind, b.counterKind);
        c = c != 0 ? c : Integer.compare(a.counter, b.counter);
        c = c != 0 ? c : Integer.compare(a.day, b.day);
        c = c != 0 ? c : Long.compare(a.fileId, b.fileId);
        return c != 0 ? c : Integer.compare(a.lineNo, b.lineNo);
    }

    /** By PSAM (terminal number) and its transaction counter, then business date, file and line. */
    private static int byPsam(PurseRecord a, PurseRecord b) {
        int c = a.terminalNo.compareTo(b.terminalNo);
        c = c != 0 ? c : Long.compare(a.ttc, b.ttc);
        c = c != 0 ? c : Integer.compare(a.day, b.day);
        c = c != 0 ? c : Long.compare(a.fileId, b.fileId);
        return c != 0 ? c : Integer.compare(a.lineNo, b.lineNo);
    }

    /** One card's records: the three orders, then a verdict for each accepted record of the date. */
    private static void check(List<PurseRecord> card, int today, List<Object[]> suspensions, int[] counts) {
        PurseRecord[] byCounter = card.toArray(new PurseRecord[0]);
        Arrays.sort(byCounter, CardHistoryChecks::byCounter);
        boolean acceptedBefore = false; // an accepted record of the same counter value came earlier
        for (int i = 0; i < byCounter.length; i++) {
            PurseRecord r = byCounter[i];
            PurseRecord before = i == 0 ? null : byCounter[i - 1];
            boolean sameKind = before != null && before.counterKind == r.counterKind;
            if (!(sameKind && before.counter == r.counter)) {
                acceptedBefore = false;
            }
            if (sameKind) {
                r.previousCounter = before.counter;
            }
            // Among accepted records, the first of a counter value is the genuine one (by date, file, line).
            r.copy = r.accepted && acceptedBefore;
            acceptedBefore |= r.accepted;
        }
        PurseRecord[] byPsam = new PurseRecord[card.size()];
        int psamRecords = 0;
        for (PurseRecord r : card) {
            if (r.accepted && r.terminalNo != null) {
                byPsam[psamRecords++] = r;
            }
        }
        Arrays.sort(byPsam, 0, psamRecords, CardHistoryChecks::byPsam);
        for (int i = 1; i < psamRecords; i++) {
            byPsam[i].psamCopy = byPsam[i].terminalNo.equals(byPsam[i - 1].terminalNo)
                    && byPsam[i].ttc == byPsam[i - 1].ttc;
        }
        chainBalances(byCounter);
        for (PurseRecord r : card) {
            if (!r.accepted || r.day != today) {
                continue;
            }
            if (r.copy) {
                counts[0]++;
                suspensions.add(r.suspension(Reason.DUPLICATE, "counter " + r.counter + " already cleared"));
            } else if (r.psamCopy) {
                counts[0]++;
                suspensions.add(r.suspension(Reason.DUPLICATE, "PSAM " + r.terminalNo + " TTC " + r.ttc
                        + " already cleared"));
            } else if (r.previousCounter != PurseRecord.NONE && r.counter > r.previousCounter + 1) {
                counts[1]++;
                suspensions.add(r.suspension(Reason.COUNTER_GAP, "counter " + r.counter + " follows "
                        + r.previousCounter));
            } else if (r.balanceBefore != PurseRecord.NONE && r.previousBalanceAfter != PurseRecord.NONE
                    && r.balanceBefore != r.previousBalanceAfter) {
                counts[2]++;
                suspensions.add(r.suspension(Reason.BALANCE_CHAIN, "balance before " + r.balanceBefore
                        + ", previous balance after " + r.previousBalanceAfter));
            }
        }
    }
}
