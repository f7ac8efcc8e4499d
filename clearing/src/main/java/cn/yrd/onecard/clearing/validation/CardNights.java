package cn.yrd.onecard.clearing.validation;

import cn.yrd.onecard.city.City;
import cn.yrd.onecard.database.LocalInfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

/**
 * Where a card's records of each night are (V13, {@code card_night}): one row a card a night, listing the positions of
 * its purse records, so that a later night finds a card's history without an index entry for every record. Written by
 * the card-history step, a city's cards in card order in the city's transaction; a night is marked complete when its
 * card-history step completes. A night not marked (a crash between its load and its card history) is read from its
 * files instead: a record is part of its card's history from the moment its file is loaded.
 */
public final class CardNights {
    /** Cards asked for at once. */
    private static final int CARDS_PER_QUERY = 1_000;
    /** Positions read a statement. */
    private static final int ROWS_PER_STATEMENT = 500;

    private CardNights() {
    }

    /**
     * The positions of {@code today}'s records of {@code issuer} (in history) by card, as {@code night}'s rows, sent
     * with {@code LOAD DATA}: as 500-row INSERTs the server took 7.2 s for the 1.25 million rows of a ten-million-record
     * night (parsing them cost more than inserting them), with {@code LOAD DATA} 3.2 s. REPLACE: a rerun of the night's
     * card history writes the same positions again. Every value is digits, a date, {@code :} or {@code ,}: nothing to
     * escape.
     */
    static void write(JdbcTemplate jdbc, LocalDate night, City issuer, List<PurseRecord> today) {
        if (today.isEmpty()) {
            return;
        }
        PurseRecord[] byCard = CardHistoryChecks.byCard(today);
        StringBuilder rows = new StringBuilder(byCard.length * 24);
        for (int from = 0; from < byCard.length;) {
            rows.append(issuer.code()).append('\t').append(byCard[from].card).append('\t').append(night).append('\t');
            int to = from;
            for (; to < byCard.length && byCard[to].card == byCard[from].card; to++) {
                rows.append(to == from ? "" : ",").append(byCard[to].fileId).append(':').append(byCard[to].lineNo);
            }
            rows.append('\n');
            from = to;
        }
        Path tsv = null;
        try {
            tsv = Files.createTempFile("card-night-" + issuer.code() + "-", ".tsv");
            Files.writeString(tsv, rows, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            if (tsv != null) {
                LocalInfile.discard(tsv);
            }
            throw new UncheckedIOException(e);
        }
        LocalInfile.loadAndDelete(jdbc, tsv, "REPLACE INTO TABLE card_night", "issuer_city, card, night, records");
    }

    /** {@code night}'s rows are complete: its card-history step completed, after every file of it was loaded. */
    static void complete(JdbcTemplate jdbc, LocalDate night) {
        jdbc.update("INSERT IGNORE INTO card_night_written (night) VALUES (?)", night);
    }

    /** The records in history of other nights than {@code night} of the cards of {@code today}. */
    static List<PurseRecord> otherNights(JdbcTemplate jdbc, LocalDate night, City issuer, List<PurseRecord> today) {
        if (today.isEmpty()) {
            return List.of();
        }
        Set<LocalDate> unwritten = new HashSet<>();
        List<Boolean> others = jdbc.query("SELECT f.night, EXISTS (SELECT 1 FROM card_night_written w WHERE w.night "
                + "= f.night) FROM day_file f WHERE f.night <> ? AND f.kind IN ('TRANSIT', 'MERCHANT') "
                + "AND f.loaded_at IS NOT NULL GROUP BY f.night", (rs, i) -> {
                    if (!rs.getBoolean(2)) {
                        unwritten.add(rs.getObject(1, LocalDate.class));
                    }
                    return true;
                }, night);
        if (others.isEmpty()) { // a first night: nothing to look for
            return List.of();
        }
        Set<Long> cards = new HashSet<>();
        today.forEach(r -> cards.add(r.card));
        List<PurseRecord> found = new ArrayList<>();
        List<long[]> positions = positions(jdbc, night, issuer, new ArrayList<>(cards), unwritten);
        for (int from = 0; from < positions.size(); from += ROWS_PER_STATEMENT) {
            List<long[]> some = positions.subList(from, Math.min(positions.size(), from + ROWS_PER_STATEMENT));
            jdbc.query(atPositions(some.size()), (RowCallbackHandler) rs -> found.add(PurseRecord.read(rs, 0)),
                    some.stream().flatMap(p -> LongStream.of(p).boxed()).toArray());
        }
        for (LocalDate other : unwritten) {
            jdbc.query("SELECT " + PurseRecord.COLUMNS + " FROM day_file f STRAIGHT_JOIN clearing_record r "
                    + "FORCE INDEX (PRIMARY) ON r.file_id = f.id WHERE f.night = ? AND f.kind IN ('TRANSIT', "
                    + "'MERCHANT') AND r.issuer_city = ? AND " + PurseRecord.IN_HISTORY, (RowCallbackHandler) rs -> {
                        PurseRecord r = PurseRecord.read(rs, 0);
                        if (cards.contains(r.card)) {
                            found.add(r);
                        }
                    }, other, issuer.code());
        }
        return found;
    }

    /** The positions ({file, line}) that the written nights other than {@code night} list for {@code cards}. */
    private static List<long[]> positions(JdbcTemplate jdbc, LocalDate night, City issuer, List<Long> cards,
            Set<LocalDate> unwritten) {
        List<long[]> positions = new ArrayList<>();
        for (int i = 0; i < cards.size(); i += CARDS_PER_QUERY) {
            List<Long> some = cards.subList(i, Math.min(cards.size(), i + CARDS_PER_QUERY));
            List<Object> args = new ArrayList<>();
            args.add(issuer.code());
            args.addAll(some);
            args.add(night);
            jdbc.query("SELECT night, records FROM card_night WHERE issuer_city = ? AND card IN ("
                    + String.join(",", Collections.nCopies(some.size(), "?")) + ") AND night <> ?",
                    (RowCallbackHandler) rs -> {
                        // A night not marked complete is read whole from its files: not twice.
                        if (!unwritten.contains(rs.getObject(1, LocalDate.class))) {
                            for (String p : rs.getString(2).split(",")) {
                                int colon = p.indexOf(':');
                                positions.add(new long[] {Long.parseLong(p, 0, colon, 10),
                                    Long.parseLong(p, colon + 1, p.length(), 10)});
                            }
                        }
                    }, args.toArray());
        }
        return positions;
    }

    /** The records in history at {@code rows} positions (two parameters each: file, line), each read by its key. */
    public static String atPositions(int rows) {
        StringBuilder sql = new StringBuilder("SELECT " + PurseRecord.COLUMNS
                + " FROM (SELECT ? AS file_id, ? AS line_no");
        for (int i = 1; i < rows; i++) {
            sql.append(" UNION ALL SELECT ?, ?");
        }
        return sql.append(") p STRAIGHT_JOIN clearing_record r ON r.file_id = p.file_id AND r.line_no = p.line_no "
                + "STRAIGHT_JOIN day_file f ON f.id = r.file_id WHERE " + PurseRecord.IN_HISTORY).toString();
    }
}
