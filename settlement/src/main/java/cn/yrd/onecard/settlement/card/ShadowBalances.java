package cn.yrd.onecard.settlement.card;

import cn.yrd.onecard.record.PurseOrder;
import cn.yrd.onecard.settlement.intake.ClearedRecord;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Per card, the balance after its last cleared record and its cleared transactions, kept from the accepted
 * purse records of each settled day (records without a balance, medical and pension business, are not purse
 * transactions). The sum over an issuing city's cards is that city's card float.
 */
@Component
public class ShadowBalances {
    private static final int CHUNK = 1000;

    private final CardTable table;
    private final BalanceLookups lookups;

    ShadowBalances(CardTable table, BalanceLookups lookups) {
        this.table = table;
        this.lookups = lookups;
    }

    /**
     * Moves the cards of the day's accepted purse records to their last record's balance, keeps their transactions,
     * and returns how each issuer's float moved: by the records' amounts, by the opening balance of cards seen for the
     * first time, and by what neither explains (a gap in a card's chain: a record in suspense or missing).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<CardFloat.Movement> apply(LocalDate date, List<ClearedRecord> records) {
        List<ClearedRecord> purse = records.stream().filter(r -> r.accepted() && r.balanceAfter() != null).toList();
        // The card's last record is the last in the order its counters give: a validator's clock may be hours off.
        Map<String, List<ClearedRecord>> byCard = purse.stream().collect(Collectors.groupingBy(ClearedRecord::card));
        Map<String, CardTable.Shadow> before = new java.util.HashMap<>();
        List<String> seen = new ArrayList<>(new java.util.TreeSet<>(byCard.keySet()));
        for (int i = 0; i < seen.size(); i += CHUNK) {
            table.shadows(seen.subList(i, Math.min(seen.size(), i + CHUNK))).forEach(s -> before.put(s.card(), s));
        }
        List<ClearedRecord> cards = new ArrayList<>();
        Map<String, long[]> moved = new java.util.TreeMap<>();
        for (List<ClearedRecord> card : byCard.values()) {
            CardTable.Shadow old = before.get(card.get(0).card());
            List<ClearedRecord> ordered = PurseOrder.of(card, ShadowBalances::step,
                    old == null ? Long.MIN_VALUE : old.balance());
            ClearedRecord last = ordered.get(card.size() - 1);
            cards.add(last);
            long[] m = moved.computeIfAbsent(last.issuerCity(), k -> new long[3]);
            long amounts = 0;
            for (ClearedRecord r : card) {
                amounts = Math.addExact(amounts, r.type().equals(ClearedRecord.LOAD) ? r.amount() : -r.amount());
            }
            long opening = old == null ? step(ordered.get(0)).balanceBefore() : 0;
            // As the upsert decides: the last record moves the card only if it is later than what set its balance.
            long after = old == null || later(last, old) ? last.balanceAfter() : old.balance();
            long gap = after - (old == null ? 0 : old.balance()) - amounts - opening;
            m[0] = Math.addExact(m[0], amounts);
            m[1] = Math.addExact(m[1], opening);
            m[2] = Math.addExact(m[2], gap);
        }
        cards.sort(Comparator.comparing(ClearedRecord::card)); // one lock order for every writer
        for (int i = 0; i < cards.size(); i += CHUNK) {
            table.upsertLatest(date, cards.subList(i, Math.min(cards.size(), i + CHUNK)));
        }
        for (int i = 0; i < purse.size(); i += CHUNK) {
            table.insertTransactions(date, purse.subList(i, Math.min(purse.size(), i + CHUNK)));
        }
        List<CardFloat.Movement> out = new ArrayList<>();
        moved.forEach((issuer, m) -> out.add(new CardFloat.Movement(issuer, m[0], m[1], m[2])));
        return out;
    }

    /**
     * As the upsert decides it: by counter within a kind (load, purchase); across kinds, a record that starts where the
     * card's balance stands; not one the balance's record continues from; else by time then counter.
     */
    private static boolean later(ClearedRecord r, CardTable.Shadow old) {
        boolean load = r.type().equals(ClearedRecord.LOAD);
        if (old.lastLoad() != null && old.lastLoad() == load) {
            return r.counter() > old.lastCounter();
        }
        Long before = r.balanceBefore();
        if (before != null && before == old.balance()) {
            return true;
        }
        if (old.lastBalanceBefore() != null && old.lastBalanceBefore().equals(r.balanceAfter())) {
            return false;
        }
        int byTime = r.time().compareTo(old.lastTxnTime());
        return byTime > 0 || byTime == 0 && r.counter() > old.lastCounter();
    }

    private static PurseOrder.Step step(ClearedRecord r) {
        return new PurseOrder.Step(r.type().equals(ClearedRecord.LOAD), r.counter(), r.balanceBefore(),
                r.balanceAfter(), r.time().toEpochSecond(ZoneOffset.UTC));
    }

    /** As of the last settled day; concurrent lookups share a query (BalanceLookups). */
    public Optional<CardBalance> balance(String card) {
        return lookups.balance(card);
    }

    public List<CardTransaction> transactions(String card, int limit) {
        return table.transactions(card, limit);
    }

    /** The sum of the shadow balances of a city's cards, in fen. */
    public long cardFloat(String city) {
        return table.cardFloat(city);
    }
}
