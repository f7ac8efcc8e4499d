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

    @Transactional(propagation = Propagation.MANDATORY)
    public void apply(LocalDate date, List<ClearedRecord> records) {
        List<ClearedRecord> purse = records.stream().filter(r -> r.accepted() && r.balanceAfter() != null).toList();
        // The card's last record is the last in the order its counters give: a validator's clock may be hours off.
        Map<String, List<ClearedRecord>> byCard = purse.stream().collect(Collectors.groupingBy(ClearedRecord::card));
        List<ClearedRecord> cards = new ArrayList<>();
        for (List<ClearedRecord> card : byCard.values()) {
            cards.add(PurseOrder.of(card, ShadowBalances::step).get(card.size() - 1));
        }
        cards.sort(Comparator.comparing(ClearedRecord::card)); // one lock order for every writer
        for (int i = 0; i < cards.size(); i += CHUNK) {
            table.upsertLatest(date, cards.subList(i, Math.min(cards.size(), i + CHUNK)));
        }
        for (int i = 0; i < purse.size(); i += CHUNK) {
            table.insertTransactions(date, purse.subList(i, Math.min(purse.size(), i + CHUNK)));
        }
    }

    private static PurseOrder.Step step(ClearedRecord r) {
        boolean load = r.type().equals(ClearedRecord.LOAD);
        long after = r.balanceAfter();
        return new PurseOrder.Step(load, r.counter(), load ? after - r.amount() : after + r.amount(), after,
                r.time().toEpochSecond(ZoneOffset.UTC));
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
