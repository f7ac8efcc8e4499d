package cn.yrd.onecard.demo.day;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.dayfile.DayFileHeader;
import cn.yrd.onecard.dayfile.DayFileReader;
import cn.yrd.onecard.dayfile.RecordFormats;
import cn.yrd.onecard.money.Fen;
import cn.yrd.onecard.record.TransitRecord;
import cn.yrd.onecard.card.TransactionType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Each city's net position recomputed by the demo's own code from what the cities sent: the raw day files of the
 * inbox read record by record, clearing's verdict on each line (its detail files say accepted or not) and the
 * interchange fee table of clearing's configuration, applied as {@code docs/clearing.md} states the rules. Nothing
 * of clearing's totals or settlement's netting is used, so a fen lost or made anywhere between the day files and
 * the 16 positions shows here, named by its city; "the positions sum to zero" could not show it (net = receivable
 * - payable sums to zero whatever the figures are).
 */
final class Positions {
    private static final Pattern SETTLED = Pattern.compile("^(3[0-9]{3}) .* (-?)([0-9]+\\.[0-9]{2})$");

    private Positions() {
    }

    /** The interchange fee of a cross-city ride: basis points rounded half up, held between minimum and cap. */
    record FeeTable(long basisPoints, long minimum, long cap) {
        long fee(long amount) {
            long raw = Math.addExact(Math.multiplyExact(amount, basisPoints), 5_000) / 10_000;
            return Math.min(amount, Math.max(minimum, Math.min(cap, raw)));
        }

        /** The table the clearing service runs with: its packaged configuration. */
        static FeeTable ofClearing(Path clearingJar) throws IOException {
            Properties p = new Properties();
            try (JarFile jar = new JarFile(clearingJar.toFile());
                    InputStream in = jar.getInputStream(jar.getEntry("application.properties"))) {
                p.load(in);
            }
            return new FeeTable(Long.parseLong(p.getProperty("onecard.clearing.fee-basis-points")),
                    Long.parseLong(p.getProperty("onecard.clearing.fee-minimum")),
                    Long.parseLong(p.getProperty("onecard.clearing.fee-cap")));
        }
    }

    /** The 16 cities' nets in fen: what cross-city accepted business makes each city owed (+) or owe (-). */
    static Map<String, Long> fromDayFiles(Path inbox, ClearedDetail detail, FeeTable fees) throws Exception {
        Map<String, Long> net = new TreeMap<>();
        Cities.all().forEach(c -> net.put(c.code(), 0L));
        for (Path file : Trust.dayFiles(inbox)) {
            String name = file.getFileName().toString();
            DayFileHeader header = DayFileReader.readHeader(file);
            int[] line = {1}; // the header is line 1, as clearing numbers them
            switch (header.kind()) {
                case TRANSIT -> DayFileReader.forEach(file, RecordFormats.TRANSIT, r -> {
                    if (detail.acceptedAt(name, ++line[0])) {
                        boolean load = r.type() == TransactionType.LOAD;
                        long fee = !load && r.isCrossCity() ? fees.fee(r.amount()) : 0;
                        owe(net, load ? r.acquirer() : r.issuer(), load ? r.issuer() : r.acquirer(),
                                r.amount() - fee);
                    }
                });
                case MEDICAL -> DayFileReader.forEach(file, RecordFormats.MEDICAL, c -> {
                    if (detail.acceptedAt(name, ++line[0])) {
                        owe(net, c.homeCity(), c.serviceCity(), c.fundPaid());
                    }
                });
                case PENSION -> DayFileReader.forEach(file, RecordFormats.PENSION, p -> {
                    if (detail.acceptedAt(name, ++line[0])) {
                        owe(net, p.homeCity(), p.serviceCity(), p.amount());
                    }
                });
                default -> throw new IllegalStateException("a day file of a kind the demo does not know: " + name);
            }
        }
        return net;
    }

    private static void owe(Map<String, Long> net, City payer, City payee, long amount) {
        if (!payer.equals(payee)) { // local business is reported, not settled
            net.merge(payer.code(), amount, Math::subtractExact);
            net.merge(payee.code(), amount, Math::addExact);
        }
    }

    /** The nets settlement printed ({@code 3205 Suzhou ... 5676.07}), in fen. */
    static Map<String, Long> settled(String settlementOutput) {
        Map<String, Long> net = new TreeMap<>();
        settlementOutput.lines().map(SETTLED::matcher).filter(Matcher::matches).forEach(m -> net.put(m.group(1),
                (m.group(2).isEmpty() ? 1 : -1) * Long.parseLong(m.group(3).replace(".", ""))));
        return net;
    }

    /** One line per city whose settled net is not what the day files say. */
    static List<String> differences(Map<String, Long> fromDayFiles, Map<String, Long> settled) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Long> e : fromDayFiles.entrySet()) {
            Long s = settled.get(e.getKey());
            if (!e.getValue().equals(s)) {
                out.add(e.getKey() + " " + Cities.byCode(e.getKey()).nameEn() + ": settled "
                        + (s == null ? "nothing" : Fen.asYuan(s)) + ", the day files say " + Fen.asYuan(e.getValue()));
            }
        }
        return out;
    }
}
