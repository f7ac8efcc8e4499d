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

    static ClearedDetail read(Path dayDir) throws IOException {
        Set<String> seen = new HashSet<>();
        Map<String, String[]> latest = new HashMap<>();
        Map<String, String> reasons = new HashMap<>();
        Map<String, List<String>> cardReasons = new java.util.TreeMap<>();
        Set<String> acceptedLines = new HashSet<>();
        try (var files = Files.list(dayDir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith("-detail.txt")).toList()) {
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
                    // time then counter: the latest record of the card
                    latest.merge(d[4], d, (a, b) -> (a[12] + String.format("%010d", Long.parseLong(a[8])))
                            .compareTo(b[12] + String.format("%010d", Long.parseLong(b[8]))) >= 0 ? a : b);
                }
            }
        }
        Map<String, Long> balances = new HashMap<>();
        latest.forEach((card, d) -> balances.put(card, Long.parseLong(d[11])));
        return new ClearedDetail(seen.size(), acceptedLines.size(), balances, reasons, cardReasons, acceptedLines);
    }
}
