package cn.yrd.onecard.demo.day;

import cn.yrd.onecard.card.TransactionType;
import cn.yrd.onecard.dayfile.DayFileKind;
import cn.yrd.onecard.dayfile.DayFileReader;
import cn.yrd.onecard.dayfile.RecordFormats;
import cn.yrd.onecard.money.Fen;
import cn.yrd.onecard.record.TransitRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every card's balance followed through the operators' raw day files, from the balance it was issued with to the
 * balance the card holds at the end of the day: each record must start where the card's previous record left it,
 * and the last must leave it where the card is. Nothing of clearing is used (its balance-chain check is the code
 * under test), so a fen made or lost on any record, or a record missing from every file, shows here named by its
 * card. A file sent twice carries the same records: each card's record is counted once by its type and counter.
 */
final class BalanceChains {
    private BalanceChains() {
    }

    /**
     * One line per card whose chain breaks. {@code planted} names the files the faulty day wrote itself (forged and
     * replayed records, which no card made).
     */
    static List<String> broken(Path inbox, Set<String> planted, Map<String, Long> issued, Map<String, Long> onCard)
            throws Exception {
        Map<String, Map<String, TransitRecord>> byCard = new HashMap<>();
        List<Path> files = Trust.dayFiles(inbox).stream().filter(f -> !planted.contains(f.getFileName().toString()))
                .toList();
        for (Path file : files) {
            // Rides, loads and merchant payments: one purse, one chain.
            DayFileKind kind = DayFileReader.readHeader(file).kind();
            if (kind == DayFileKind.TRANSIT || kind == DayFileKind.MERCHANT) {
                DayFileReader.forEach(file, RecordFormats.purse(kind), r -> byCard.computeIfAbsent(
                        r.cardSerial().digits(), c -> new LinkedHashMap<>()).putIfAbsent(r.type() + "/" + r.atc(), r));
            }
        }
        List<String> out = new ArrayList<>();
        byCard.keySet().stream().filter(c -> !issued.containsKey(c)).sorted()
                .forEach(c -> out.add("card " + c + ": records in the day files of a card never issued"));
        for (Map.Entry<String, Long> card : issued.entrySet()) {
            // The card counts its purchases and its loads apart: each kind in its counter's order (the validators'
            // clocks may be off), and the next record is the head of either that starts at the card's balance.
            Map<Boolean, List<TransitRecord>> kinds = byCard.getOrDefault(card.getKey(), Map.of()).values().stream()
                    .sorted(Comparator.comparingInt(TransitRecord::atc))
                    .collect(Collectors.partitioningBy(r -> r.type() == TransactionType.LOAD,
                            Collectors.toCollection(ArrayList::new)));
            long balance = card.getValue();
            int followed = 0;
            boolean gap = false;
            while (!kinds.get(false).isEmpty() || !kinds.get(true).isEmpty()) {
                long at = balance;
                List<TransitRecord> from = kinds.values().stream()
                        .filter(k -> !k.isEmpty() && k.get(0).balanceBefore() == at).findFirst().orElse(null);
                if (from == null) {
                    out.add("card " + card.getKey() + ": after " + followed + " record(s) it held " + Fen.asYuan(balance)
                            + ", and neither its next purchase nor its next load starts there");
                    gap = true;
                    break;
                }
                balance = from.remove(0).balanceAfter();
                followed++;
            }
            Long holds = onCard.get(card.getKey());
            if (!gap && (holds == null || holds != balance)) {
                out.add("card " + card.getKey() + ": issued with " + Fen.asYuan(card.getValue()) + ", its " + followed
                        + " record(s) leave " + Fen.asYuan(balance) + ", the card holds "
                        + (holds == null ? "nothing (unknown card)" : Fen.asYuan(holds)));
            }
        }
        return out;
    }
}
