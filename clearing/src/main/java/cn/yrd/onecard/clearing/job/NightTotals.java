package cn.yrd.onecard.clearing.job;

import cn.yrd.onecard.clearing.validation.PurseRecordChunks;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The night's totals, added up record by record as the outgoing files read them: for every file what it received
 * (accepted + suspended, in count and in the amounts the file gave), for every business line and (payer, payee) what
 * was accepted. {@link #check} holds the first against each file's trailer (the control totals) before {@link #save}
 * writes the second ({@link #pairs}); a mismatch fails the night before any total is written. Added up in the JVM as
 * the records pass: the server's GROUP BY of a million records took 0.87 s of a 10-second night, its temporary table
 * most of it (a plain read of the same rows took 0.2 s).
 */
final class NightTotals {
    /** What one file received: count and amount. */
    private final Map<Long, long[]> byFile = new HashMap<>();
    /** Accepted, by business line, payer and payee: count, gross, fees. */
    private final Map<Pair, long[]> byPair = new HashMap<>();

    private record Pair(String businessLine, String payer, String payee) {
    }

    /** One record of file {@code fileId}; {@code fileAmount} is what the file gave, {@code amount} what was cleared. */
    void add(long fileId, boolean accepted, String businessLine, String payer, String payee, long fileAmount,
            long amount, long fee) {
        long[] file = byFile.computeIfAbsent(fileId, f -> new long[2]);
        file[0] = Math.addExact(file[0], 1);
        file[1] = Math.addExact(file[1], fileAmount);
        if (accepted) {
            long[] pair = byPair.computeIfAbsent(new Pair(businessLine, payer, payee), k -> new long[3]);
            pair[0] = Math.addExact(pair[0], 1);
            pair[1] = Math.addExact(pair[1], amount);
            pair[2] = Math.addExact(pair[2], fee);
        }
    }

    /** Adds {@code other}'s records to these (totals of a part of the night, added up apart). */
    void add(NightTotals other) {
        other.byFile.forEach((file, t) -> sum(byFile.computeIfAbsent(file, f -> new long[2]), t));
        other.byPair.forEach((pair, t) -> sum(byPair.computeIfAbsent(pair, p -> new long[3]), t));
    }

    private static void sum(long[] into, long[] more) {
        for (int i = 0; i < into.length; i++) {
            into[i] = Math.addExact(into[i], more[i]);
        }
    }

    /** Every file of {@code night}: received = accepted + suspended, in count and in amount; else the night fails. */
    void check(JdbcTemplate jdbc, LocalDate night) {
        for (Map<String, Object> f : jdbc.queryForList("SELECT id, file_name, record_count, amount_total FROM day_file "
                + "WHERE night = ? ORDER BY id", night)) {
            long[] got = byFile.getOrDefault(number(f, "id"), new long[2]);
            if (got[0] != number(f, "record_count") || got[1] != number(f, "amount_total")) {
                throw new IllegalStateException("control totals of " + f.get("file_name") + ": received "
                        + f.get("record_count") + " records / " + f.get("amount_total") + " fen, accepted + suspended "
                        + got[0] + " / " + got[1] + " fen");
            }
        }
    }

    /** An accepted pair's total, as {@code clearing_total} and a result file's {@code R} line state it. */
    record PairTotal(String businessLine, String payer, String payee, long count, long gross, long fees, long net) {
        String resultLine() {
            return String.join("|", "R", businessLine, payer, payee, Long.toString(count), Long.toString(gross),
                    Long.toString(fees), Long.toString(net));
        }
    }

    /** The accepted pairs' totals, in the result files' order: business line, payer, payee. */
    List<PairTotal> pairs() {
        List<PairTotal> pairs = new ArrayList<>();
        byPair.forEach((p, t) -> pairs.add(new PairTotal(p.businessLine(), p.payer(), p.payee(), t[0], t[1], t[2],
                Math.subtractExact(t[1], t[2]))));
        pairs.sort(Comparator.comparing(PairTotal::businessLine).thenComparing(PairTotal::payer)
                .thenComparing(PairTotal::payee));
        return pairs;
    }

    /** Replaces the night's totals in {@code clearing_total} with {@code pairs}; rerunning writes the same figures. */
    static void save(JdbcTemplate jdbc, LocalDate night, List<PairTotal> pairs) {
        jdbc.update("DELETE FROM clearing_total WHERE business_date = ?", night);
        PurseRecordChunks.deleteNight(jdbc, night); // every card history is checked: nothing reads them again
        jdbc.batchUpdate("INSERT INTO clearing_total (business_date, business_line, payer_city, payee_city, "
                + "record_count, gross, fees, net) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", pairs.stream()
                .map(p -> new Object[] {night, p.businessLine(), p.payer(), p.payee(), p.count(), p.gross(), p.fees(),
                    p.net()}).toList());
    }

    private static long number(Map<String, Object> row, String column) {
        return ((Number) row.get(column)).longValue();
    }
}
