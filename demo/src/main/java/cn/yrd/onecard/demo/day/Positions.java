package cn.yrd.onecard.demo.day;

import cn.yrd.onecard.card.TransactionType;
import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.dayfile.ControlledFrame;
import cn.yrd.onecard.dayfile.DayFileFormatException;
import cn.yrd.onecard.dayfile.DayFileHeader;
import cn.yrd.onecard.dayfile.DayFileKind;
import cn.yrd.onecard.dayfile.DayFileReader;
import cn.yrd.onecard.dayfile.RecordFormats;
import cn.yrd.onecard.money.Fen;
import cn.yrd.onecard.record.MedicalClaim;
import cn.yrd.onecard.record.TransitRecord;
import cn.yrd.onecard.registry.MerchantRegister.Category;
import cn.yrd.onecard.registry.MerchantRegister.Merchant;
import cn.yrd.onecard.registry.MerchantRegisters;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
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

    /**
     * The interchange fee of a cross-city ride (basis points rounded half up, held between minimum and cap), and of a
     * merchant payment the merchant discount and the issuer's share of it, restated from docs/clearing.md ("Fees",
     * "Merchant payments") rather than taken from clearing's code.
     */
    record FeeTable(long basisPoints, long minimum, long cap, long interchangePercent) {
        /** The merchant discount's minimum and cap by category, in fen, as docs/clearing.md tabulates them. */
        private static final Map<Category, long[]> MERCHANT_BOUNDS = Map.of(Category.RETAIL, new long[] {1, 1_000},
                Category.TAXI, new long[] {1, 100}, Category.PARKING, new long[] {1, 100}, Category.FUEL,
                new long[] {1, 200}, Category.UTILITY, new long[] {0, 50});

        long fee(long amount) {
            long raw = Math.addExact(Math.multiplyExact(amount, basisPoints), 5_000) / 10_000;
            return Math.min(amount, Math.max(minimum, Math.min(cap, raw)));
        }

        long discount(Merchant m, long amount) {
            long[] bounds = MERCHANT_BOUNDS.get(m.category());
            long raw = Math.addExact(Math.multiplyExact(amount, m.feeBasisPoints()), 5_000) / 10_000;
            return Math.min(amount, Math.max(bounds[0], Math.min(bounds[1], raw)));
        }

        /** What the issuer keeps back of a payment's discount: its share on a card of another city, rounded down. */
        long issuerShare(long discount, boolean crossCity) {
            return crossCity ? Math.multiplyExact(discount, interchangePercent) / 100 : 0;
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
                    Long.parseLong(p.getProperty("onecard.clearing.fee-cap")),
                    Long.parseLong(p.getProperty("onecard.clearing.interchange-percent")));
        }
    }

    /** The 16 cities' nets in fen: what cross-city accepted business makes each city owed (+) or owe (-). */
    static Map<String, Long> fromDayFiles(Path inbox, ClearedDetail detail, FeeTable fees, MerchantRegisters merchants)
            throws Exception {
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
                case MERCHANT -> DayFileReader.forEach(file, RecordFormats.MERCHANT, r -> {
                    if (detail.acceptedAt(name, ++line[0])) {
                        long discount = fees.discount(merchant(merchants, r), r.amount());
                        owe(net, r.issuer(), r.acquirer(), Math.subtractExact(r.amount(),
                                fees.issuerShare(discount, r.isCrossCity())));
                    }
                });
                case MEDICAL -> DayFileReader.forEach(file, RecordFormats.MEDICAL, c -> {
                    if (detail.acceptedAt(name, ++line[0])) {
                        // A reversal gives the fund its part back: the service city owes it.
                        boolean reversal = c.kind() == MedicalClaim.Kind.REVERSAL;
                        owe(net, reversal ? c.serviceCity() : c.homeCity(), reversal ? c.homeCity()
                                : c.serviceCity(), c.fundPaid());
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

    /**
     * One line per merchant whose transfer in the bank's confirmation is not what the tills' day files make it owed:
     * the amounts of its accepted payments, less each one's discount.
     */
    static List<String> merchantsNotPaidTheirNet(Path inbox, ClearedDetail detail, FeeTable fees,
            MerchantRegisters merchants, Path confirmation, LocalDate date) throws Exception {
        Map<String, Long> owed = new TreeMap<>();
        forEachAcceptedPayment(inbox, detail, r -> {
            Merchant m = merchant(merchants, r);
            owed.merge(m.id(), Math.subtractExact(r.amount(), fees.discount(m, r.amount())), Math::addExact);
        });
        Map<String, Long> paid = new TreeMap<>();
        String prefix = "C|MPY-" + date.toString().replace("-", "") + "-";
        for (String c : Files.readAllLines(confirmation, StandardCharsets.UTF_8)) {
            if (c.startsWith(prefix)) {
                String[] f = c.split("\\|");
                paid.merge(f[1].substring(prefix.length() - 2), Long.parseLong(f[4]), Math::addExact);
            }
        }
        List<String> out = new ArrayList<>();
        Set<String> all = new TreeSet<>(owed.keySet());
        all.addAll(paid.keySet());
        for (String id : all) {
            long o = owed.getOrDefault(id, 0L);
            long p = paid.getOrDefault(id, 0L);
            if (o != p) {
                out.add("merchant " + id + ": owed " + Fen.asYuan(o) + " by its payments, the bank paid it "
                        + Fen.asYuan(p));
            }
        }
        return out;
    }

    /**
     * One line per bill whose remittance is not what the day files make it: each bill payment in the MERCHANT day files
     * that clearing accepted (its detail files say which) remitted once, for its amount, in its biller's remittance of
     * {@code night} (each read whole, its trailer checked); a payment in suspense, and any other bill, in none. A bill
     * accepted twice is named too. {@code billers} are the merchant ids of the day's utilities.
     */
    static List<String> billsNotRemittedOnce(Path inbox, ClearedDetail detail, Path night, Set<String> billers)
            throws Exception {
        Map<String, Map<String, List<Long>>> accepted = new TreeMap<>();
        forEachAcceptedPayment(inbox, detail, r -> RecordFormats.billNo(r).ifPresent(bill -> accepted
                .computeIfAbsent(r.operatorId().substring(1), m -> new TreeMap<>())
                .computeIfAbsent(bill, b -> new ArrayList<>()).add(r.amount())));
        List<String> out = new ArrayList<>();
        Set<String> all = new TreeSet<>(billers);
        all.addAll(accepted.keySet());
        for (String biller : all) {
            Path file = night.resolve("remittance/" + biller + ".txt");
            Map<String, List<Long>> remitted = new TreeMap<>();
            try {
                ControlledFrame.read(file, ControlledFrame.Trailer.COUNT_AMOUNT_SHA256, new ControlledFrame.Format() {
                    @Override
                    public void header(ControlledFrame.Line line) {
                    }

                    @Override
                    public long body(ControlledFrame.Line line) {
                        String[] f = line.fields();
                        remitted.computeIfAbsent(f[1], b -> new ArrayList<>()).add(Long.parseLong(f[2]));
                        return Long.parseLong(f[2]);
                    }
                });
            } catch (IOException | DayFileFormatException e) {
                out.add("biller " + biller + ": no remittance that reads (" + e.getMessage() + ")");
                continue;
            }
            Map<String, List<Long>> paid = accepted.getOrDefault(biller, Map.of());
            Set<String> bills = new TreeSet<>(remitted.keySet());
            bills.addAll(paid.keySet());
            for (String bill : bills) {
                List<Long> took = paid.getOrDefault(bill, List.of());
                List<Long> sent = remitted.getOrDefault(bill, List.of());
                if (took.size() != 1 || !sent.equals(took)) {
                    out.add("biller " + biller + " bill " + bill + ": accepted " + took.stream().map(Fen::asYuan)
                            .toList() + ", remitted " + sent.stream().map(Fen::asYuan).toList());
                }
            }
        }
        return out;
    }

    /** Each merchant payment of the raw MERCHANT day files in {@code inbox} that clearing accepted ({@code detail}). */
    private static void forEachAcceptedPayment(Path inbox, ClearedDetail detail, Consumer<TransitRecord> payment)
            throws Exception {
        for (Path file : Trust.dayFiles(inbox)) {
            if (DayFileReader.readHeader(file).kind() != DayFileKind.MERCHANT) {
                continue;
            }
            String name = file.getFileName().toString();
            int[] line = {1};
            DayFileReader.forEach(file, RecordFormats.MERCHANT, r -> {
                if (detail.acceptedAt(name, ++line[0])) {
                    payment.accept(r);
                }
            });
        }
    }

    private static Merchant merchant(MerchantRegisters merchants, TransitRecord r) {
        return merchants.anywhere(r.operatorId().substring(1)).orElseThrow(() -> new IllegalStateException(
                "a payment accepted for merchant " + r.operatorId() + ", whom no register names"));
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
