package cn.yrd.onecard.hotlist;

import cn.yrd.onecard.card.CardSerial;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;

/**
 * The cards a gate must refuse and block, as two parallel arrays sorted by serial: 10 million cards take
 * 160 MB and a lookup is a binary search of ~24 steps with no allocation. Immutable, so a new version is
 * swapped in whole and a tap never sees half of one.
 */
public final class Hotlist {
    private final long version;
    private final long[] serials;
    /** When each listing takes effect, as seconds of the local date-time read as UTC. */
    private final long[] effective;

    private Hotlist(long version, long[] serials, long[] effective) {
        this.version = version;
        this.serials = serials;
        this.effective = effective;
    }

    public static Hotlist empty() {
        return new Hotlist(0, new long[0], new long[0]);
    }

    /** Cards listed with immediate effect (for tests and small lists). */
    public static Hotlist of(long version, Collection<CardSerial> cards) {
        long[] s = cards.stream().mapToLong(c -> Long.parseLong(c.digits())).sorted().distinct().toArray();
        return new Hotlist(version, s, new long[s.length]);
    }

    /** From 16-digit serials as numbers, listed with immediate effect; the array is sorted in place. */
    public static Hotlist ofSerials(long version, long[] serials) {
        long[] s = Arrays.stream(serials).sorted().distinct().toArray();
        return new Hotlist(version, s, new long[s.length]);
    }

    /** From arrays already sorted by serial with no repeats, as {@link HotlistFile} reads them. */
    static Hotlist sorted(long version, long[] serials, long[] effective, int size) {
        return new Hotlist(version, Arrays.copyOf(serials, size), Arrays.copyOf(effective, size));
    }

    static long seconds(LocalDateTime t) {
        return t.toEpochSecond(ZoneOffset.UTC);
    }

    /** Listed, whenever the listing takes effect. */
    public boolean contains(CardSerial card) {
        return contains(Long.parseLong(card.digits()));
    }

    public boolean contains(long serial) {
        return Arrays.binarySearch(serials, serial) >= 0;
    }

    /** Listed with effect at {@code time}: what a gate blocks. */
    public boolean isListedAt(CardSerial card, LocalDateTime time) {
        int i = Arrays.binarySearch(serials, Long.parseLong(card.digits()));
        return i >= 0 && effective[i] <= seconds(time);
    }

    /** When {@code card}'s listing takes effect, if it is listed. */
    public java.util.Optional<LocalDateTime> listedSince(CardSerial card) {
        int i = Arrays.binarySearch(serials, Long.parseLong(card.digits()));
        return i < 0 ? java.util.Optional.empty()
                : java.util.Optional.of(LocalDateTime.ofEpochSecond(effective[i], 0, ZoneOffset.UTC));
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
