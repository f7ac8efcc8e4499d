package cn.yrd.onecard.settlement.intake;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.dayfile.ClearingFiles;
import cn.yrd.onecard.dayfile.ControlledFrame.Line;
import cn.yrd.onecard.dayfile.DayFileFormatException;
import cn.yrd.onecard.dayfile.DayFileKind;
import cn.yrd.onecard.registry.MerchantRegister;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.codec.binary.Hex;

/**
 * Reads the 32 files clearing wrote for a day ({@code <outbox>/<date>/<city>-result.txt} and
 * {@code -detail.txt}, docs/clearing.md) and checks them against each other before anything is settled: each
 * file's trailer (count and SHA-256), a cross-city pair stated identically by both of its cities, a record
 * stated identically in every file it is in, and every pair total equal to the sum of its accepted records in
 * count, gross and fees. Any failure refuses the whole day with one line that says why.
 */
public final class ClearingDayReader {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final Set<String> LINES = Set.copyOf(DayFileKind.businessLines());

    private ClearingDayReader() {
    }

    public static ClearingDay read(Path outbox, LocalDate date) throws RefusedDayException, IOException {
        Path dir = outbox.resolve(date.toString());
        if (!Files.isDirectory(dir)) {
            throw new RefusedDayException("no clearing files for " + date + ": " + dir + " is not a directory");
        }
        MessageDigest daySha = sha256();
        Map<String, PairTotal> totals = new TreeMap<>();
        Map<String, ClearedRecord> records = new LinkedHashMap<>();
        Map<String, Set<String>> stated = new HashMap<>();
        try {
            for (City city : Cities.all()) {
                Path result = file(dir, city, "result");
                daySha.update(fileSha(result));
                Set<String> own = stated.computeIfAbsent(city.code(), c -> new HashSet<>());
                for (Line f : ClearingFiles.body(result, ClearingFiles.RESULT, city.code(), date)) {
                    PairTotal t = pairTotal(f);
                    if (!t.payer().equals(city.code()) && !t.payee().equals(city.code())) {
                        throw new RefusedDayException(result.getFileName() + ": line " + f.number() + ": the total "
                                + t.payer() + " -> " + t.payee() + " is not " + city.code() + "'s business");
                    }
                    own.add(t.key());
                    PairTotal before = totals.putIfAbsent(t.key(), t);
                    if (before != null && !before.equals(t)) {
                        throw new RefusedDayException("clearing of " + date + " does not agree with itself: " + t.payer()
                                + " and " + t.payee() + " are given different " + t.businessLine() + " totals");
                    }
                }
            }
            for (City city : Cities.all()) {
                Path detail = file(dir, city, "detail");
                daySha.update(fileSha(detail));
                for (Line f : ClearingFiles.body(detail, ClearingFiles.DETAIL, city.code(), date)) {
                    ClearedRecord r = record(f);
                    ClearedRecord before = records.putIfAbsent(r.dayFile() + "|" + r.line(), r);
                    if (before != null && !before.equals(r)) {
                        throw new RefusedDayException("clearing of " + date + " does not agree with itself: record "
                                + r.dayFile() + " line " + r.line() + " differs between the cities' detail files");
                    }
                }
            }
        } catch (DayFileFormatException e) {
            throw new RefusedDayException(e.getMessage());
        }
        checkBothCitiesStatedEachPair(stated, totals.values());
        checkTotalsAddUp(date, totals, records.values());
        List<MerchantPayout> payouts = payouts(dir, date, totals.values(), daySha);
        return new ClearingDay(date, List.copyOf(totals.values()), List.copyOf(records.values()), payouts,
                Hex.encodeHexString(daySha.digest()));
    }

    /**
     * Each acquiring city's merchant payouts, checked against its MERCHANT totals: clearing sums them by merchant
     * there and by pair in the results, so the count and gross must agree, and the discounts must cover the issuers'
     * shares the totals kept back. A city paid for merchant business must have the file; one with none may lack it.
     */
    private static List<MerchantPayout> payouts(Path dir, LocalDate date, Collection<PairTotal> totals,
            MessageDigest daySha) throws RefusedDayException, IOException {
        Map<String, long[]> owed = new TreeMap<>(); // payee: count, gross, fees of its MERCHANT totals
        for (PairTotal t : totals) {
            if (t.businessLine().equals(DayFileKind.MERCHANT.name())) {
                long[] o = owed.computeIfAbsent(t.payee(), c -> new long[3]);
                o[0] = Math.addExact(o[0], t.count());
                o[1] = Math.addExact(o[1], t.gross());
                o[2] = Math.addExact(o[2], t.fees());
            }
        }
        List<MerchantPayout> payouts = new ArrayList<>();
        for (City city : Cities.all()) {
            Path file = dir.resolve(city.code() + "-merchants.txt");
            long[] stated = owed.getOrDefault(city.code(), new long[3]);
            if (!Files.isRegularFile(file)) {
                if (stated[0] > 0) {
                    file(dir, city, "merchants");
                }
                continue;
            }
            daySha.update(fileSha(file));
            long[] paid = new long[3]; // count, gross, discount
            try {
                for (Line line : ClearingFiles.body(file, ClearingFiles.MERCHANTS, city.code(), date)) {
                    MerchantPayout p = payout(city, line);
                    paid[0] = Math.addExact(paid[0], p.count());
                    paid[1] = Math.addExact(paid[1], p.gross());
                    paid[2] = Math.addExact(paid[2], p.discount());
                    payouts.add(p);
                }
            } catch (DayFileFormatException e) {
                throw new RefusedDayException(e.getMessage());
            }
            if (paid[0] != stated[0] || paid[1] != stated[1] || paid[2] < stated[2]) {
                throw new RefusedDayException(String.format("clearing of %s does not agree with itself: %s's merchants "
                        + "are owed %d payments, %d fen gross, %d fen discount; its MERCHANT totals say %d payments, "
                        + "%d fen gross, %d fen kept back by the issuers", date, city.code(), paid[0], paid[1], paid[2],
                        stated[0], stated[1], stated[2]));
            }
        }
        return List.copyOf(payouts);
    }

    /** A merchants line: M | merchant | name | category | account | count | gross | discount | net. */
    private static MerchantPayout payout(City city, Line line) throws DayFileFormatException {
        Fields in = new Fields(line, "M", 9);
        if (!in.f[1].matches("[0-9]{15}") || !in.f[4].matches(MerchantRegister.ACCOUNT_PATTERN)) {
            throw in.error(null, "a merchant id is 15 digits and an account 12 to 32");
        }
        MerchantRegister.Category category;
        try {
            category = MerchantRegister.Category.valueOf(in.f[3]);
        } catch (IllegalArgumentException e) {
            throw in.error("category", "'" + in.f[3] + "' is no merchant category");
        }
        try {
            return new MerchantPayout(city.code(), in.f[1], in.f[2], category, in.f[4], in.fen(5, "count"),
                    in.fen(6, "gross"), in.fen(7, "discount"), in.fen(8, "net"));
        } catch (IllegalArgumentException e) {
            throw in.error(null, e.getMessage());
        }
    }

    private static Path file(Path dir, City city, String kind) throws RefusedDayException {
        Path file = dir.resolve(city.code() + "-" + kind + ".txt");
        if (!Files.isRegularFile(file)) {
            throw new RefusedDayException("clearing " + kind + " of " + city.code() + " (" + city.nameEn()
                    + ") is missing: " + file);
        }
        return file;
    }

    /** A non-local pair is in its payer's and its payee's result: a pair only one city was told of is refused. */
    private static void checkBothCitiesStatedEachPair(Map<String, Set<String>> stated, Iterable<PairTotal> totals)
            throws RefusedDayException {
        for (PairTotal t : totals) {
            for (String city : List.of(t.payer(), t.payee())) {
                if (!stated.get(city).contains(t.key())) {
                    throw new RefusedDayException("clearing result of " + city + " does not state the "
                            + t.businessLine() + " total " + t.payer() + " -> " + t.payee() + " its other city was given");
                }
            }
        }
    }

    /** Each pair's count, gross and fees equal the sum of its accepted records: the day's control totals. */
    private static void checkTotalsAddUp(LocalDate date, Map<String, PairTotal> totals,
            Iterable<ClearedRecord> records) throws RefusedDayException {
        Map<String, long[]> sums = new TreeMap<>();
        for (ClearedRecord r : records) {
            if (r.accepted()) {
                long[] s = sums.computeIfAbsent(r.key(), k -> new long[3]);
                s[0]++;
                s[1] = Math.addExact(s[1], r.amount());
                s[2] = Math.addExact(s[2], r.fee());
            }
        }
        for (PairTotal t : totals.values()) {
            long[] s = sums.getOrDefault(t.key(), new long[3]);
            if (s[0] != t.count() || s[1] != t.gross() || s[2] != t.fees()) {
                throw new RefusedDayException(String.format("clearing totals of %s do not sum: %s %s -> %s states %d "
                        + "records, %d fen gross, %d fen fees; its accepted records add up to %d, %d, %d", date,
                        t.businessLine(), t.payer(), t.payee(), t.count(), t.gross(), t.fees(), s[0], s[1], s[2]));
            }
            sums.remove(t.key());
        }
        if (!sums.isEmpty()) {
            String key = sums.keySet().iterator().next();
            throw new RefusedDayException("clearing totals of " + date + " do not sum: accepted " + key.replace('|', ' ')
                    + " records have no total");
        }
    }

    /** A result line: R | business line | payer | payee | count | gross | fees | net. */
    private static PairTotal pairTotal(Line f) throws DayFileFormatException {
        Fields in = new Fields(f, "R", 8);
        PairTotal t = new PairTotal(in.line(1), in.city(2, "payer"), in.city(3, "payee"), in.fen(4, "count"),
                in.fen(5, "gross"), in.fen(6, "fees"), in.fen(7, "net"));
        if (t.net() != t.gross() - t.fees()) {
            throw in.error("net", "net " + t.net() + " is not gross " + t.gross() + " - fees " + t.fees());
        }
        return t;
    }

    private static ClearedRecord record(Line line) throws DayFileFormatException {
        Fields in = new Fields(line, "D", 16);
        String[] f = in.f;
        String status = f[13];
        if (!status.equals("A") && !status.equals("S")) {
            throw in.error("status", "'" + status + "' is neither A nor S");
        }
        return new ClearedRecord(f[1], (int) in.fen(2, "line"), in.line(3), f[4], in.city(5, "payer"),
                in.city(6, "payee"), f[7], (int) in.fen(8, "counter"), in.fen(9, "amount"), in.fen(10, "fee"),
                f[11].isEmpty() ? null : in.fen(11, "balance after"), in.time(12), status.equals("A"),
                f[14].isEmpty() ? null : f[14], in.fen(15, "file amount"));
    }

    private static byte[] fileSha(Path file) throws IOException {
        return sha256().digest(Files.readAllBytes(file));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The fields of one body line, each parsed with an error that names the file, line and field. */
    private static final class Fields {
        private final String[] f;
        private final Line line;

        Fields(Line l, String tag, int count) throws DayFileFormatException {
            this.line = l;
            this.f = l.fields();
            if (!f[0].equals(tag)) {
                throw error(null, "a '" + tag + "' line was expected, found '" + f[0] + "'");
            }
            if (f.length != count) {
                throw error(null, count + " fields expected, found " + f.length);
            }
        }

        DayFileFormatException error(String field, String problem) {
            return line.error(field, problem);
        }

        long fen(int i, String field) throws DayFileFormatException {
            try {
                long v = Long.parseLong(f[i]);
                if (v < 0 || !f[i].matches("0|[1-9][0-9]*")) {
                    throw new NumberFormatException();
                }
                return v;
            } catch (NumberFormatException e) {
                throw error(field, "'" + f[i] + "' is not a whole number >= 0");
            }
        }

        String city(int i, String field) throws DayFileFormatException {
            if (Cities.find(f[i]).isEmpty()) {
                throw error(field, "'" + f[i] + "' is not one of the 16 cities");
            }
            return f[i];
        }

        String line(int i) throws DayFileFormatException {
            if (!LINES.contains(f[i])) {
                throw error("business line", "'" + f[i] + "' is not one of " + DayFileKind.businessLines());
            }
            return f[i];
        }

        LocalDateTime time(int i) throws DayFileFormatException {
            try {
                return LocalDateTime.parse(Objects.requireNonNull(f[i]), TIME);
            } catch (DateTimeParseException e) {
                throw error("time", "'" + f[i] + "' is not YYYYMMDDhhmmss");
            }
        }
    }
}
