package cn.yrd.onecard.settlement.hotlist;

import cn.yrd.onecard.hotlist.HotlistFile;
import cn.yrd.onecard.settlement.audit.AuditTrail;
import cn.yrd.onecard.settlement.web.Officer;
import java.time.Duration;
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
    /** How far back a listing may take effect: clearing's window (records older than it are not cleared again). */
    static final Duration BACK = Duration.ofDays(7);
    /** How far ahead: a card handed in to be refunded tomorrow. */
    static final Duration AHEAD = Duration.ofDays(1);

    private final HotlistTable table;
    private final AuditTrail audit;

    RegionalHotlist(HotlistTable table, AuditTrail audit) {
        this.table = table;
        this.audit = audit;
    }

    /** A report that cannot be taken, with why, in one line. */
    public static class RefusedReport extends Exception {
        RefusedReport(String message) {
            super(message);
        }
    }

    /** A report of a card the officer's city did not issue: not the officer's to make. */
    public static final class NotYours extends RefusedReport {
        NotYours(String message) {
            super(message);
        }
    }

    /**
     * Lists a card; returns the version that carries it. A city's officer lists only cards its city issued, the region
     * any card, an auditor none; the card must be one the centre knows (it has cleared records of it), and the
     * listing takes effect within {@link #BACK} before now and {@link #AHEAD} after (a backdated listing would
     * suspend rides cleared long ago, one in years would list a card forever unnoticed).
     */
    @Transactional(rollbackFor = RefusedReport.class)
    public long report(String card, String reason, LocalDateTime effectiveAt, Officer officer) throws RefusedReport {
        String user = officer.name();
        if (!officer.role().equals("CITY") && !officer.role().equals("REGION")) {
            throw new NotYours("only an issuing city's or the region's finance staff report cards");
        }
        if (card == null || !card.matches("[0-9]{16}")) {
            throw new RefusedReport("a card serial is 16 digits");
        }
        if (reason == null || !REASONS.contains(reason)) {
            throw new RefusedReport("the reason is one of LOST, STOLEN, REFUNDED, DAMAGED");
        }
        if (effectiveAt == null) {
            throw new RefusedReport("say from when the card is hotlisted (YYYY-MM-DDThh:mm)");
        }
        LocalDateTime now = LocalDateTime.now().truncatedTo(ChronoUnit.MINUTES);
        if (effectiveAt.isBefore(now.minus(BACK)) || effectiveAt.isAfter(now.plus(AHEAD))) {
            throw new RefusedReport("the card is hotlisted from a time between " + now.minus(BACK) + " and "
                    + now.plus(AHEAD) + ", not " + effectiveAt);
        }
        String masked = card.substring(0, 4) + "********" + card.substring(12);
        String issuer = table.issuerOf(card);
        if (issuer == null) {
            throw new RefusedReport("card " + masked + " is not in the centre's records: check the serial");
        }
        if (!officer.maySee(issuer)) {
            throw new NotYours("card " + masked + " was issued by " + issuer + ": only " + issuer
                    + "'s staff or the region report it");
        }
        long version = table.lockLatest() + 1;
        if (table.listed(card) > 0) {
            throw new RefusedReport("card " + masked + " is already hotlisted");
        }
        table.publish(version, LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS));
        table.insert(card, reason, effectiveAt.truncatedTo(ChronoUnit.SECONDS), version, user);
        audit.record(user, "HOTLIST", "card:" + masked,
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
