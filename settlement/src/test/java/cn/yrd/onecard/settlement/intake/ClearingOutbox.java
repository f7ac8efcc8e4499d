package cn.yrd.onecard.settlement.intake;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.registry.MerchantRegister.Category;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.apache.commons.codec.binary.Hex;

/**
 * Writes a day's clearing outgoing files as docs/clearing.md states them, from the records clearing decided,
 * with the totals of the accepted ones: the input settlement tests start from. {@link #rewrite} changes a
 * file's body and gives it a correct trailer again, to make files that are well formed but wrong.
 */
public final class ClearingOutbox {
    public static final LocalDate DAY = LocalDate.of(2026, 11, 23);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private ClearingOutbox() {
    }

    /** A record as the detail file states it. */
    public static ClearedRecord record(String dayFile, int line, String businessLine, String card, String payer,
            String payee, String type, int counter, long amount, long fee, Long balanceAfter, String hhmm,
            String reason) {
        return new ClearedRecord(dayFile, line, businessLine, card, payer, payee, type, counter, amount, fee,
                balanceAfter, at(hhmm), reason == null, reason, amount);
    }

    /** The sample day of docs/settlement.md: Shanghai, Suzhou and Hangzhou business, one record suspended. */
    public static List<ClearedRecord> sampleDay() {
        return List.of(
                record("SZMETRO-1.txt", 1, "TRANSIT", "3100000000000001", "3100", "3205", "06", 11, 300, 2, 700L, "0810", null),
                record("SZMETRO-1.txt", 2, "TRANSIT", "3100000000000001", "3100", "3205", "06", 12, 200, 1, 500L, "1805", null),
                record("SHMETRO-1.txt", 1, "TRANSIT", "3205000000000002", "3205", "3100", "06", 40, 400, 2, 1600L, "0900", null),
                record("SHMETRO-1.txt", 2, "TRANSIT", "3205000000000009", "3205", "3100", "06", 3, 100, 1, 900L, "0930", "T01"),
                record("HZBUS-1.txt", 1, "TRANSIT", "3301000000000003", "3301", "3301", "06", 7, 200, 0, 700L, "0700", null),
                record("SZKIOSK-1.txt", 1, "TRANSIT", "3100000000000001", "3205", "3100", "02", 5, 1000, 0, 1500L, "1900", null),
                record("HZHOSP-1.txt", 1, "MEDICAL", "310000000000000042", "3100", "3301", "C3O", 0, 5000, 0, null, "1100", null));
    }

    /** Writes the 32 files of {@link #DAY} for {@code records} under {@code outbox/<date>/}. */
    /** Suzhou's tea house and taxi, as clearing states what Suzhou owes them on {@link #DAY}. */
    public static final MerchantPayout TEA_HOUSE = new MerchantPayout("3205", "320500000000017", "Lanting Tea House",
            Category.RETAIL, "622202320500001234", 2, 2250, 14, 2236);
    public static final MerchantPayout TAXI = new MerchantPayout("3205", "320500000000305", "Suzhou Taxi 305",
            Category.TAXI, "622202320500003050", 1, 2340, 19, 2321);

    /**
     * The sample day, and a Shanghai card's three payments in Suzhou: 12.50 and 10.00 at the tea house, 23.40 in the
     * taxi, with Suzhou's merchants file; returns the day's folder.
     */
    public static Path sampleDayWithMerchants(Path outbox) throws IOException {
        List<ClearedRecord> records = new ArrayList<>(sampleDay());
        records.add(record("SZSHOPS-1.txt", 1, "MERCHANT", "3100000000000001", "3100", "3205", "06", 13, 1250, 2,
                3750L, "1230", null));
        records.add(record("SZSHOPS-1.txt", 2, "MERCHANT", "3100000000000001", "3100", "3205", "06", 14, 1000, 1,
                2750L, "1300", null));
        records.add(record("SZTAXI-1.txt", 1, "MERCHANT", "3100000000000001", "3100", "3205", "06", 15, 2340, 5,
                410L, "2215", null));
        Path dir = write(outbox, records);
        merchants(dir, "3205", List.of(TEA_HOUSE, TAXI));
        return dir;
    }

    public static Path write(Path outbox, List<ClearedRecord> records) throws IOException {
        return write(outbox, DAY, records);
    }

    /** Writes the 32 files of {@code date} for {@code records}. */
    public static Path write(Path outbox, LocalDate date, List<ClearedRecord> records) throws IOException {
        String compact = date.format(DateTimeFormatter.BASIC_ISO_DATE);
        Path dir = Files.createDirectories(outbox.resolve(date.toString()));
        Map<String, long[]> totals = new TreeMap<>();
        for (ClearedRecord r : records) {
            if (r.accepted()) {
                long[] t = totals.computeIfAbsent(r.businessLine() + "|" + r.payer() + "|" + r.payee(), k -> new long[3]);
                t[0]++;
                t[1] += r.amount();
                t[2] += r.fee();
            }
        }
        for (City city : Cities.all()) {
            String c = city.code();
            List<String> result = new ArrayList<>();
            totals.forEach((key, t) -> {
                String[] k = key.split("\\|");
                if (k[1].equals(c) || k[2].equals(c)) {
                    result.add(String.join("|", "R", key, "" + t[0], "" + t[1], "" + t[2], "" + (t[1] - t[2])));
                }
            });
            List<String> detail = new ArrayList<>();
            for (ClearedRecord r : records) {
                if (r.payer().equals(c) || r.payee().equals(c)) {
                    detail.add(String.join("|", "D", r.dayFile(), "" + r.line(), r.businessLine(), r.card(), r.payer(),
                            r.payee(), r.type(), "" + r.counter(), "" + r.amount(), "" + r.fee(),
                            r.balanceAfter() == null ? "" : "" + r.balanceAfter(), r.time().format(TIME),
                            r.accepted() ? "A" : "S", r.reason() == null ? "" : r.reason(), "" + r.fileAmount()));
                }
            }
            writeFile(dir.resolve(c + "-result.txt"), "H|CLEARING_RESULT|1|" + c + "|" + compact, result);
            writeFile(dir.resolve(c + "-detail.txt"), "H|CLEARING_DETAIL|1|" + c + "|" + compact, detail);
        }
        return dir;
    }

    /**
     * Writes {@code city}'s merchants file of {@link #DAY} under {@code dir}, one line a payout, as clearing would
     * from the MERCHANT records it accepted.
     */
    public static void merchants(Path dir, String city, List<MerchantPayout> payouts) throws IOException {
        writeFile(dir.resolve(city + "-merchants.txt"), "H|CLEARING_MERCHANTS|1|" + city + "|"
                + DAY.format(DateTimeFormatter.BASIC_ISO_DATE), payouts.stream().map(p -> String.join("|", "M",
                        p.merchantId(), p.name(), p.category().name(), p.account(), "" + p.count(), "" + p.gross(), "" + p.discount(),
                        "" + p.net())).toList());
    }

    /** Replaces a file's body lines through {@code edit} and writes the trailer that matches them. */
    public static void rewrite(Path file, UnaryOperator<List<String>> edit) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> body = edit.apply(new ArrayList<>(lines.subList(1, lines.size() - 1)));
        writeFile(file, lines.get(0), body);
    }

    private static void writeFile(Path file, String header, List<String> body) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            StringBuilder text = new StringBuilder(header).append('\n');
            for (String line : body) {
                sha.update((line + "\n").getBytes(StandardCharsets.UTF_8));
                text.append(line).append('\n');
            }
            text.append("T|").append(body.size()).append('|').append(Hex.encodeHexString(sha.digest())).append('\n');
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static LocalDateTime at(String hhmm) {
        return DAY.atTime(Integer.parseInt(hhmm.substring(0, 2)), Integer.parseInt(hhmm.substring(2)));
    }
}
