package cn.yrd.onecard.terminal.host;

import cn.yrd.onecard.card.TransactionType;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.dayfile.ClearingFiles;
import cn.yrd.onecard.dayfile.ControlledFrame;
import cn.yrd.onecard.dayfile.DayFileFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Every load a host approved comes back in a kiosk's day file, or is reported: the card has the money on the host's
 * word, and only the kiosk's record makes the kiosk's city pay the issuer. An issuing city checks its approvals of a
 * day against clearing's detail files for it of that night and of the nights since (a kiosk's file may come late and
 * be cleared by a later night under its own date); an approval in none of them is missing. A record counts whether
 * clearing accepted or suspended it: either way the kiosk sent it, and suspense has its own owner.
 */
public final class LoadCheck {
    private static final String LOAD = TransactionType.LOAD.hex();

    private LoadCheck() {
    }

    /** The day's approvals and their sum, the nights looked at, and what of them is in none. */
    public record Result(LocalDate date, List<ApprovedLoad> approved, long approvedFen, List<LocalDate> nights,
            List<Missing> missing, long missingFen) {
        public int missingCount() {
            return missing.stream().mapToInt(Missing::count).sum();
        }
    }

    /**
     * {@code count} loads missing among {@code candidates}: one approval, or the same load (card, counter, amount)
     * approved again after a card was pulled before its CREDIT, of which the card took fewer than were approved. The
     * cleared record does not say which request it was; the kiosk's journal does (it abandoned the others).
     */
    public record Missing(List<ApprovedLoad> candidates, int count) {
        public boolean ambiguous() {
            return count < candidates.size();
        }
    }

    public static Result check(List<ApprovedLoad> approved, Path outbox, LocalDate date) throws IOException,
            DayFileFormatException {
        List<LocalDate> nights = nights(outbox, date);
        if (nights.isEmpty() || !nights.get(0).equals(date)) {
            throw new IOException("clearing's files of " + date + " are not in " + outbox + " (" + outbox.resolve(
                    date.toString()) + "): check after the night's clearing");
        }
        // Each cleared load of the issuers' cards, by card, counter and amount, as many times as it came.
        Map<String, Integer> cleared = new HashMap<>();
        for (City issuer : new TreeSet<>(approved.stream().map(ApprovedLoad::issuer).toList())) {
            for (LocalDate night : nights) {
                Path detail = outbox.resolve(night.toString()).resolve(issuer.code() + "-detail.txt");
                for (ControlledFrame.Line line : ClearingFiles.body(detail, ClearingFiles.DETAIL, issuer.code(), night)) {
                    String[] f = line.fields();
                    // D | day file | line | business line | card | payer | payee | type | counter | amount | ...
                    if (f.length > 9 && f[3].equals("TRANSIT") && f[7].equals(LOAD)) {
                        cleared.merge(key(f[4], f[8], f[9]), 1, Integer::sum);
                    }
                }
            }
        }
        Map<String, List<ApprovedLoad>> byLoad = new LinkedHashMap<>();
        long approvedFen = 0;
        for (ApprovedLoad a : approved) {
            approvedFen = Math.addExact(approvedFen, a.amount());
            byLoad.computeIfAbsent(key(a.card().digits(), Integer.toString(a.onlineAtc()), Long.toString(a.amount())),
                    k -> new ArrayList<>()).add(a);
        }
        List<Missing> missing = new ArrayList<>();
        long missingFen = 0;
        for (Map.Entry<String, List<ApprovedLoad>> load : byLoad.entrySet()) {
            int count = load.getValue().size() - cleared.getOrDefault(load.getKey(), 0);
            if (count > 0) {
                missing.add(new Missing(List.copyOf(load.getValue()), count));
                missingFen = Math.addExact(missingFen, Math.multiplyExact(count, load.getValue().get(0).amount()));
            }
        }
        return new Result(date, List.copyOf(approved), approvedFen, nights, List.copyOf(missing), missingFen);
    }

    private static String key(String card, String counter, String amount) {
        return card + "|" + counter + "|" + amount;
    }

    /** The nights of clearing's outbox from {@code date} on, in order (their folders are named by date). */
    private static List<LocalDate> nights(Path outbox, LocalDate date) throws IOException {
        if (!Files.isDirectory(outbox)) {
            throw new IOException("clearing's outbox " + outbox + " is not a directory");
        }
        List<LocalDate> nights = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(outbox)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                try {
                    LocalDate night = LocalDate.parse(dir.getFileName().toString());
                    if (!night.isBefore(date)) {
                        nights.add(night);
                    }
                } catch (DateTimeParseException notANight) {
                    // another folder: not clearing's
                }
            }
        }
        nights.sort(null);
        return nights;
    }
}
