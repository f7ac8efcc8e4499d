package cn.yrd.onecard.settlement.intake;

import java.time.LocalDate;
import java.util.List;

/**
 * A business date as the clearing centre's outgoing files state it, checked whole: every pair total, every
 * record once, what each acquirer owes each of its merchants, and the SHA-256 that names exactly these files.
 */
public record ClearingDay(LocalDate date, List<PairTotal> totals, List<ClearedRecord> records,
        List<MerchantPayout> payouts, String sha256) {

    public long acceptedCount() {
        return records.stream().filter(ClearedRecord::accepted).count();
    }
}
