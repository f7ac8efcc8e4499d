package cn.yrd.onecard.record;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * The order in which a card made its purse transactions, from the card's own counters rather than the terminals'
 * clocks (a validator whose clock is hours off stamps its rides out of order): purchases in offline-ATC order, loads
 * in online-ATC order, the two merged by taking next the one that starts where the card's balance stands; when neither
 * does (past a gap), the one the other continues from; by time only when that does not tell either. Clearing follows
 * a card's balance chain in this order, settlement takes a card's balance from the last record in it.
 */
public final class PurseOrder {
    private PurseOrder() {
    }

    /** What the order needs of a record; a balance unknown is {@link Long#MIN_VALUE}. */
    public record Step(boolean load, int counter, long balanceBefore, long balanceAfter, long time) {
    }

    /** One card's records in the order the card made them. */
    public static <R> List<R> of(List<R> records, Function<R, Step> step) {
        return of(records, step, Long.MIN_VALUE);
    }

    /** The same, the card's balance before the first of them known ({@link Long#MIN_VALUE}: not known). */
    public static <R> List<R> of(List<R> records, Function<R, Step> step, long balanceBefore) {
        ArrayDeque<R> purchases = new ArrayDeque<>();
        ArrayDeque<R> loads = new ArrayDeque<>();
        records.stream().sorted(Comparator.comparingInt(r -> step.apply(r).counter()))
                .forEach(r -> (step.apply(r).load() ? loads : purchases).add(r));
        List<R> ordered = new ArrayList<>(records.size());
        long balance = balanceBefore;
        while (!purchases.isEmpty() || !loads.isEmpty()) {
            R next;
            if (purchases.isEmpty() || loads.isEmpty()) {
                next = purchases.isEmpty() ? loads.remove() : purchases.remove();
            } else {
                next = purchaseNext(step.apply(purchases.peek()), step.apply(loads.peek()), balance)
                        ? purchases.remove() : loads.remove();
            }
            ordered.add(next);
            balance = step.apply(next).balanceAfter();
        }
        return ordered;
    }

    /**
     * Whether the card made purchase {@code p} before load {@code l}, its balance standing at {@code balance}: the one
     * that starts there; else (the balance not known, as before a card's first record) the earlier; in the same second
     * (a top-up and the ride it paid for) the one the other continues from. Only then: a card's first ride may start
     * where a top-up weeks later ends (issued with 51.38, 25 rides, 50.00 loaded), and that says nothing of order.
     */
    private static boolean purchaseNext(Step p, Step l, long balance) {
        boolean purchaseStarts = p.balanceBefore() == balance;
        if (purchaseStarts != (l.balanceBefore() == balance)) {
            return purchaseStarts;
        }
        boolean fromLoad = p.balanceBefore() != Long.MIN_VALUE && p.balanceBefore() == l.balanceAfter();
        boolean fromPurchase = l.balanceBefore() != Long.MIN_VALUE && l.balanceBefore() == p.balanceAfter();
        if (balance != Long.MIN_VALUE && fromLoad != fromPurchase) {
            // Past a gap (a record missing: its file held back, or suspended): neither starts where the balance stands,
            // but one continues from the other, and a validator's clock may be hours off (a seed of the faulty day
            // put a late bus's rides before the top-up that paid for them: the card's balance then taken from the
            // top-up, every ride after it forgotten).
            return fromPurchase;
        }
        if (p.time() != l.time()) {
            return p.time() < l.time();
        }
        return fromLoad == fromPurchase || fromPurchase;
    }
}
