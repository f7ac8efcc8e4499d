package cn.yrd.onecard.settlement.hotlist;

import cn.yrd.onecard.hotlist.HotlistFile;
import cn.yrd.onecard.settlement.audit.AuditTrail;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The regional hotlist: issuing cities' staff report lost, stolen, refunded and damaged cards, each report
 * publishing a new version; terminals and clearing take the whole list or what was listed since their version,
 * in the format of docs/formats.md, signed by the centre ({@link HotlistSigner}).
 */
@Service
public class RegionalHotlist {
    public static final Set<String> REASONS = Set.of("LOST", "STOLEN", "REFUNDED", "DAMAGED");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private final HotlistTable table;
    private final AuditTrail audit;

    RegionalHotlist(HotlistTable table, AuditTrail audit) {
        this.table = table;
        this.audit = audit;
    }

    /** A report that cannot be taken, with why, in one line. */
    public static final class RefusedReport extends Exception {
        RefusedReport(String message) {
            super(message);
        }
    }

    /** Lists a card; returns the version that carries it. */
    @Transactional(rollbackFor = RefusedReport.class)
    public long report(String card, String reason, LocalDateTime effectiveAt, String user) throws RefusedReport {
        if (card == null || !card.matches("[0-9]{16}")) {
            throw new RefusedReport("a card serial is 16 digits");
        }
        if (reason == null || !REASONS.contains(reason)) {
            throw new RefusedReport("the reason is one of LOST, STOLEN, REFUNDED, DAMAGED");
        }
        if (effectiveAt == null) {
            throw new RefusedReport("say from when the card is hotlisted (YYYY-MM-DDThh:mm)");
        }
        long version = table.lockLatest() + 1;
        if (table.listed(card) > 0) {
            throw new RefusedReport("card " + card.substring(0, 4) + "********" + card.substring(12)
                    + " is already hotlisted");
        }
        table.publish(version, LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS));
        table.insert(card, reason, effectiveAt.truncatedTo(ChronoUnit.SECONDS), version, user);
        audit.record(user, "HOTLIST", "card:" + card.substring(0, 4) + "********" + card.substring(12),
                reason + " from " + effectiveAt + ", version " + version);
        return version;
    }

    public long latestVersion() {
        return table.latest();
    }

    /** The whole list at its latest version. */
    @Transactional(readOnly = true)
    public String full() {
        long version = table.latest();
        return text("H|HOTLIST|1|" + version + "|" + generated(version), table.since(0));
    }

    /** What was listed after {@code since}, up to the latest version. */
    @Transactional(readOnly = true)
    public String delta(long since) {
        long version = table.latest();
        return text("H|HOTLIST_DELTA|1|" + Math.min(since, version) + "|" + version + "|" + generated(version),
                table.since(since));
    }

    private String generated(long version) {
        LocalDateTime at = version == 0 ? LocalDateTime.of(2000, 1, 1, 0, 0) : table.publishedAt(version);
        return at.format(TIME);
    }

    private static String text(String header, List<HotlistTable.Entry> entries) {
        return HotlistFile.assemble(header, entries.stream().map(e -> "D|" + e.card() + "|" + e.reason() + "|"
                + e.effectiveAt().format(TIME)).toList());
    }
}
