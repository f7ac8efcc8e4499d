package cn.yrd.onecard.terminal.hotlist;

import cn.yrd.onecard.card.CardSerial;
import java.util.Arrays;
import java.util.Collection;

/**
 * The cards a gate must refuse (and block), as one sorted array of serials: 10 million cards take 80 MB
 * and a lookup is a binary search of ~24 steps with no allocation. Immutable, so a new version is swapped
 * in whole and a tap never sees half of one.
 */
public final class Hotlist {
    private final long version;
    private final long[] serials;

    private Hotlist(long version, long[] sortedSerials) {
        this.version = version;
        this.serials = sortedSerials;
    }

    public static Hotlist empty() {
        return new Hotlist(0, new long[0]);
    }

    public static Hotlist of(long version, Collection<CardSerial> cards) {
        long[] s = new long[cards.size()];
        int i = 0;
        for (CardSerial c : cards) {
            s[i++] = Long.parseLong(c.digits());
        }
        return ofSerials(version, s);
    }

    /** From 16-digit serials as numbers; the array is taken over and sorted in place. */
    public static Hotlist ofSerials(long version, long[] serials) {
        Arrays.sort(serials);
        int unique = 0;
        for (int i = 0; i < serials.length; i++) {
            if (i == 0 || serials[i] != serials[i - 1]) {
                serials[unique++] = serials[i];
            }
        }
        return new Hotlist(version, unique == serials.length ? serials : Arrays.copyOf(serials, unique));
    }

    public boolean contains(CardSerial card) {
        return contains(Long.parseLong(card.digits()));
    }

    public boolean contains(long serial) {
        return Arrays.binarySearch(serials, serial) >= 0;
    }

    public long version() {
        return version;
    }

    public int size() {
        return serials.length;
    }

    @Override
    public String toString() {
        return "Hotlist[version " + version + ", " + serials.length + " cards]";
    }
}
