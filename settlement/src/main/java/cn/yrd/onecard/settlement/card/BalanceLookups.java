package cn.yrd.onecard.settlement.card;

import cn.yrd.onecard.settlement.cardcase.CardCase;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

/**
 * Card balances for the lookup API, read from the database at request time, with concurrent lookups answered
 * together: a request that finds a query in flight waits for the next one, which asks for every card waiting by
 * then ({@code WHERE card IN (...)}). Under load that is one round trip for several requests instead of one each
 * (on two cores shared with the database, the round trip is most of a lookup's cost); alone, a request is one
 * query, as before. Nothing is cached: each answer is what the table held when its request was being served.
 */
@Component
class BalanceLookups {
    /** Cards asked for in one query at most; more waiting go in the next. */
    static final int MAX_BATCH = 64;

    private final JdbcTemplate jdbc;
    private final Object lock = new Object();
    private List<Waiting> waiting = new ArrayList<>();
    private boolean querying;

    /** A request waiting for its card: answered, or handed the next round to serve (whichever comes first). */
    private record Waiting(String card, CompletableFuture<Optional<CardBalance>> answer,
            CompletableFuture<Boolean> lead) {
        Waiting(String card) {
            this(card, new CompletableFuture<>(), new CompletableFuture<>());
        }
    }

    BalanceLookups(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The card's shadow balance, or empty for a card never cleared. */
    public Optional<CardBalance> balance(String card) {
        Waiting mine = new Waiting(card);
        boolean lead;
        synchronized (lock) {
            waiting.add(mine);
            lead = !querying;
            querying = true;
        }
        while (true) {
            if (lead) {
                serveOneRound();
            }
            await(CompletableFuture.anyOf(mine.answer(), mine.lead()));
            if (mine.answer().isDone()) {
                return await(mine.answer());
            }
            lead = true; // handed the next round; this request's card is in it
        }
    }

    /**
     * Asks for the cards waiting now (the oldest {@link #MAX_BATCH}), then hands the next round to the oldest request
     * still waiting, if any: no request serves more than one round beyond its own.
     */
    private void serveOneRound() {
        List<Waiting> round;
        synchronized (lock) {
            int n = Math.min(MAX_BATCH, waiting.size());
            round = new ArrayList<>(waiting.subList(0, n));
            waiting.subList(0, n).clear();
        }
        try {
            serve(round);
        } finally {
            Waiting next;
            synchronized (lock) {
                next = waiting.isEmpty() ? null : waiting.get(0);
                querying = next != null;
            }
            if (next != null) {
                next.lead().complete(true);
            }
        }
    }

    private void serve(List<Waiting> round) {
        if (round.isEmpty()) {
            return;
        }
        try {
            Map<String, CardBalance> found = new HashMap<>();
            List<String> cards = round.stream().map(Waiting::card).distinct().toList();
            // The card's listing now, if any, says its status (a card found again is listed no more).
            // The card's listing now, if any, says its status (a card found again is listed no more), unless its
            // money was refunded or moved onto a new card.
            jdbc.query("SELECT s.card, s.issuer_city, s.balance, s.last_txn_time, h.reason, h.effective_at, c.outcome, "
                    + "c.new_card, c.decided_at FROM card_shadow s "
                    + "LEFT JOIN hotlist_entry h ON h.card = s.card AND h.lifted_version IS NULL "
                    + "LEFT JOIN card_case c ON c.card = s.card "
                    + "WHERE s.card IN (" + String.join(",", Collections.nCopies(cards.size(), "?")) + ")",
                    (RowCallbackHandler) rs -> found.put(rs.getString(1), new CardBalance(rs.getString(1),
                            rs.getString(2), rs.getLong(3), rs.getObject(4, java.time.LocalDateTime.class),
                            rs.getString(7) != null ? CardCase.status(rs.getString(7), rs.getString(8),
                                    rs.getObject(9, java.time.LocalDateTime.class))
                                    : CardBalance.status(rs.getString(5), rs.getObject(6,
                                            java.time.LocalDateTime.class)))),
                    cards.toArray());
            round.forEach(w -> w.answer().complete(Optional.ofNullable(found.get(w.card()))));
        } catch (RuntimeException e) {
            round.forEach(w -> w.answer().completeExceptionally(e));
        }
    }

    private static <T> T await(CompletableFuture<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while looking up a card", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }
}
