package cn.yrd.onecard.clearing.validation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * What a chunk's records are written and read against ({@link PurseRecord#writeTo}): the record before it in the
 * chunk (its day, line and time), the chunk's terminals, each number written once and then named by its place, with
 * the last TTC each counted, and the issuing city's range of card numbers. A city's records of a file come in the
 * file's order, a few lines and seconds apart, from validators that count up: so most of a record is a byte or two of
 * differences, about 20 bytes where every field written whole took 40, and the chunks a clearing worker writes into
 * its load transaction are half as many bytes for the server to store. Every chunk starts afresh, so each reads on
 * its own.
 */
final class ChunkDeltas {
    /**
     * A chunk's first byte in this format. Chunks written whole, field by field, start with a card number's high byte,
     * which is 0 for every serial of 16 digits, or are empty: such a chunk is not read ({@link PurseRecordChunks}).
     */
    static final byte FORMAT = 2;
    /** The city's card numbers: its 4-digit code, then 12 digits. */
    private static final long SERIALS_OF_A_CITY = 1_000_000_000_000L;

    private final long firstCard;
    /** The record before, as the next is written against it. */
    int day;
    long lineNo;
    long time;
    /** Writing: each terminal's place in the chunk. */
    private final Map<String, Integer> placesWritten = new HashMap<>();
    /** Reading: the terminals in the order the chunk named them; the strings of 12 hex digits shared by value. */
    private final List<String> terminals = new ArrayList<>();
    private final Map<Long, String> shared;
    private long[] lastTtc = new long[8];

    /** For the chunks of {@code issuer} (its 4-digit code), written. */
    ChunkDeltas(String issuer) {
        this(issuer, Map.of()); // a writer names no terminal read
    }

    /** For the chunks of {@code issuer}, read, their terminals' numbers the strings of {@code shared} by value. */
    ChunkDeltas(String issuer, Map<Long, String> shared) {
        this.firstCard = Long.parseLong(issuer) * SERIALS_OF_A_CITY;
        this.shared = shared;
    }

    /** {@code card} counted from the city's first serial, or -1 if it is not one of the city's numbers. */
    long cardInCity(long card) {
        long offset = card - firstCard; // cards are 16-digit serials or fewer: no overflow
        return offset >= 0 && offset < SERIALS_OF_A_CITY ? offset : -1;
    }

    long card(long inCity) {
        return firstCard + inCity;
    }

    /** Writing: the place of {@code terminal} in the chunk, or null if it is not named yet. */
    Integer placeOf(String terminal) {
        return placesWritten.get(terminal);
    }

    /** Writing: {@code terminal} named, in the next place. */
    int newPlace(String terminal) {
        int place = placesWritten.size();
        placesWritten.put(terminal, place);
        return place;
    }

    /** Reading: a terminal named for the first time, in the next place; its place is {@link #places()} - 1. */
    String named(String terminal) {
        terminals.add(terminal);
        return terminal;
    }

    /** Reading: a terminal of 12 hex digits named for the first time, as the number they spell. */
    String named(long hexDigits, LongFunction<String> spelled) {
        return named(shared.computeIfAbsent(hexDigits, spelled::apply));
    }

    /** Reading: the terminals named so far. */
    int places() {
        return terminals.size();
    }

    /** Reading: the terminal in {@code place}. */
    String terminal(int place) {
        return terminals.get(place);
    }

    /** The last TTC of the terminal in {@code place} (0 before its first). */
    long lastTtc(int place) {
        return place < lastTtc.length ? lastTtc[place] : 0;
    }

    void lastTtc(int place, long ttc) {
        if (place >= lastTtc.length) {
            lastTtc = Arrays.copyOf(lastTtc, Math.max(place + 1, lastTtc.length * 2));
        }
        lastTtc[place] = ttc;
    }
}
