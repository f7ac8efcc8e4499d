package cn.yrd.onecard.settlement.card;

import cn.yrd.onecard.settlement.intake.ClearedRecord;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    private static final Comparator<ClearedRecord> LATEST = Comparator.comparing(ClearedRecord::time)
            .thenComparingInt(ClearedRecord::counter);

    private final CardTable table;
    private final BalanceLookups lookups;

    ShadowBalances(CardTable table, BalanceLookups lookups) {
        this.table = table;
        this.lookups = lookups;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void apply(LocalDate date, List<ClearedRecord> records) {
        List<ClearedRecord> purse = records.stream().filter(r -> r.accepted() && r.balanceAfter() != null).toList();
        Map<String, ClearedRecord> latest = new HashMap<>();
        for (ClearedRecord r : purse) {
            latest.merge(r.card(), r, (a, b) -> LATEST.compare(a, b) >= 0 ? a : b);
        }
        List<ClearedRecord> cards = new ArrayList<>(latest.values());
        cards.sort(Comparator.comparing(ClearedRecord::card)); // one lock order for every writer
        for (int i = 0; i < cards.size(); i += CHUNK) {
            table.upsertLatest(date, cards.subList(i, Math.min(cards.size(), i + CHUNK)));
        }
        for (int i = 0; i < purse.size(); i += CHUNK) {
            table.insertTransactions(date, purse.subList(i, Math.min(purse.size(), i + CHUNK)));
        }
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
