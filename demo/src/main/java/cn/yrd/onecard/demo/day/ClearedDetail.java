package cn.yrd.onecard.demo.day;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What clearing's detail files say about the day (docs/clearing.md): how many records it received, and each
 * card's balance after its latest accepted record, which is what settlement keeps as the card's shadow balance.
 */
record ClearedDetail(long records, long accepted, Map<String, Long> lastBalance, Map<String, String> reasons,
        Map<String, List<String>> cardReasons, Set<String> acceptedLines) {

    /** Whether clearing accepted line {@code line} of {@code dayFile}. */
    boolean acceptedAt(String dayFile, int line) {
        return acceptedLines.contains(dayFile + "|" + line);
    }

    /** The cards with at least one record in suspense. */
    java.util.Set<String> suspendedCards() {
        return new java.util.HashSet<>(cardReasons.keySet());
    }

    /** The reason codes of a card's suspended records, in file order. */
    List<String> reasonsOf(String card) {
        return cardReasons.getOrDefault(card, List.of());
    }

    /** Clearing's reason code for a suspended record, or null if it was accepted or is not there. */
    String reasonAt(String dayFile, int line) {
        return reasons.get(dayFile + "|" + line);
    }

    /**
     * Of a card's last purchase and last load, the one it made last: the load, when it starts where the last purchase
     * left the balance and no purchase of the card starts where the load left it (in the load's second or after: a
     * purchase from before it may start there by chance, a card issued with 51.38 that rode 25 times and loaded 50.00);
     * by time when the balances do not tell (amounts of zero, or both can be).
     */
    private static String[] lastOf(String[] purchase, String[] load, List<String[]> purchases) {
        if (purchase == null) {
            return load;
        }
        long purchaseAfter = Long.parseLong(purchase[11]);
        long loadAfter = Long.parseLong(load[11]);
        boolean loadFollows = loadAfter - Long.parseLong(load[9]) == purchaseAfter;
        boolean purchaseFollows = purchases.stream().anyMatch(p -> Long.parseLong(p[11]) + Long.parseLong(p[9])
                == loadAfter && (p == purchase || p[12].compareTo(load[12]) >= 0));
        if (loadFollows && purchaseFollows) {
            return purchase[12].compareTo(load[12]) >= 0 ? purchase : load;
        }
        return loadFollows ? load : purchase;
    }

    /** The detail files of one night or more (a night that cleared a late file, say). */
    static ClearedDetail read(Path... dayDirs) throws IOException {
        Set<String> seen = new HashSet<>();
        Map<String, String[]> lastPurchase = new HashMap<>();
        Map<String, String[]> lastLoad = new HashMap<>();
        Map<String, List<String[]>> purchases = new HashMap<>();
        Map<String, String> reasons = new HashMap<>();
        Map<String, List<String>> cardReasons = new java.util.TreeMap<>();
        Set<String> acceptedLines = new HashSet<>();
        List<Path> details = new java.util.ArrayList<>();
        for (Path dayDir : dayDirs) {
            try (var files = Files.list(dayDir)) {
                files.filter(p -> p.getFileName().toString().endsWith("-detail.txt")).forEach(details::add);
            }
        }
        {
            for (Path f : details) {
                List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                for (String line : lines) {
                    if (!line.startsWith("D|")) {
                        continue;
                    }
                    String[] d = line.split("\\|", -1);
                    if (!seen.add(d[1] + "|" + d[2])) {
                        continue;
                    }
                    if (!d[13].equals("A")) {
                        reasons.put(d[1] + "|" + d[2], d[14]);
                        cardReasons.computeIfAbsent(d[4], k -> new java.util.ArrayList<>()).add(d[14]);
                        continue;
                    }
                    acceptedLines.add(d[1] + "|" + d[2]);
                    if (d[11].isEmpty()) {
                        continue;
                    }
                    // The card's last purchase and last load by their counters (a validator's clock may be off).
                    (d[7].equals("02") ? lastLoad : lastPurchase).merge(d[4], d,
                            (a, b) -> Long.parseLong(a[8]) >= Long.parseLong(b[8]) ? a : b);
                    if (!d[7].equals("02")) {
                        purchases.computeIfAbsent(d[4], k -> new java.util.ArrayList<>()).add(d);
                    }
                }
            }
        }
        Map<String, Long> balances = new HashMap<>();
        lastPurchase.forEach((card, d) -> balances.put(card, Long.parseLong(d[11])));
        lastLoad.forEach((card, load) -> balances.put(card, Long.parseLong(lastOf(lastPurchase.get(card), load,
                purchases.getOrDefault(card, List.of()))[11])));
        return new ClearedDetail(seen.size(), acceptedLines.size(), balances, reasons, cardReasons, acceptedLines);
    }
}
