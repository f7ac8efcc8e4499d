package cn.yrd.onecard.settlement.card;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yrd.onecard.database.ServiceTest;
import cn.yrd.onecard.settlement.SettlementTables;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Concurrent balance lookups share queries, and each still gets its own card's balance and nobody else's. */
@ServiceTest(schema = "settlement_lookups")
class BalanceLookupsTest {
    static final int CARDS = 300;
    static final int THREADS = 24;
    static final int LOOKUPS_EACH = 100;

    @Autowired
    BalanceLookups lookups;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void concurrentLookupsShareQueriesAndEachGetsItsOwnCard() throws Exception {
        SettlementTables.empty(jdbc);
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < CARDS; i++) {
            rows.add(new Object[] {card(i), 7L * i});
        }
        jdbc.batchUpdate("INSERT INTO card_shadow (card, issuer_city, balance, last_txn_time, last_counter, "
                + "business_date) VALUES (?, '3100', ?, '2026-11-23 18:00:00', 1, '2026-11-23')", rows);
        long selectsBefore = selects();

        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        List<Future<List<String>>> wrong = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Random random = new Random(t);
            wrong.add(threads.submit(() -> {
                List<String> mistakes = new ArrayList<>();
                for (int k = 0; k < LOOKUPS_EACH; k++) {
                    int i = random.nextInt(CARDS + 100); // one in four never cleared
                    Optional<CardBalance> b = lookups.balance(card(i));
                    boolean right = i < CARDS ? b.isPresent() && b.get().card().equals(card(i))
                            && b.get().balance() == 7L * i : b.isEmpty();
                    if (!right) {
                        mistakes.add(card(i) + " got " + b);
                    }
                }
                return mistakes;
            }));
        }
        for (Future<List<String>> f : wrong) {
            assertThat(f.get()).as("answers for other cards or none").isEmpty();
        }
        threads.shutdown();
        assertThat(selects() - selectsBefore).as("queries for %d lookups", THREADS * LOOKUPS_EACH)
                .isLessThan(THREADS * LOOKUPS_EACH / 2);
        assertThat(lookups.balance(card(5))).hasValueSatisfying(b -> assertThat(b.balance()).isEqualTo(35));
    }

    private static String card(int i) {
        return String.format("3100%012d", i);
    }

    private long selects() {
        return jdbc.queryForObject("SHOW GLOBAL STATUS LIKE 'Com_select'", (rs, n) -> rs.getLong(2));
    }
}
