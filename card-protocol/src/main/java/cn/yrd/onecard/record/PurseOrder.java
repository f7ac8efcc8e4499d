package cn.yrd.onecard.record;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * The order in which a card made its purse transactions, from the card's own counters rather than the terminals'
 * clocks (a validator whose clock is hours off stamps its rides out of order): purchases in offline-ATC order, loads
 * in online-ATC order, the two merged by taking next the one that starts where the card's balance stands, by time
 * only when both or neither do. Clearing follows a card's balance chain in this order, settlement takes a card's
 * balance from the last record in it.
 */
public final class PurseOrder {
    private PurseOrder() {
    }

    /** What the order needs of a record; a balance unknown is {@link Long#MIN_VALUE}. */
    public record Step(boolean load, int counter, long balanceBefore, long balanceAfter, long time) {
    }

    /** One card's records in the order the card made them. */
    public static <R> List<R> of(List<R> records, Function<R, Step> step) {
        ArrayDeque<R> purchases = new ArrayDeque<>();
        ArrayDeque<R> loads = new ArrayDeque<>();
        records.stream().sorted(Comparator.comparingInt(r -> step.apply(r).counter()))
                .forEach(r -> (step.apply(r).load() ? loads : purchases).add(r));
        List<R> ordered = new ArrayList<>(records.size());
        long balance = Long.MIN_VALUE;
        while (!purchases.isEmpty() || !loads.isEmpty()) {
            R next;
            if (purchases.isEmpty() || loads.isEmpty()) {
                next = purchases.isEmpty() ? loads.remove() : purchases.remove();
            } else {
                Step p = step.apply(purchases.peek());
                Step l = step.apply(loads.peek());
                boolean fromPurchase = (p.balanceBefore() == balance) != (l.balanceBefore() == balance)
                        ? p.balanceBefore() == balance : p.time() <= l.time();
                next = fromPurchase ? purchases.remove() : loads.remove();
            }
            ordered.add(next);
            balance = step.apply(next).balanceAfter();
        }
        return ordered;
    }
}
