package cn.yrd.onecard.settlement.hotlist;

import cn.yrd.onecard.hotlist.HotlistFile;
import cn.yrd.onecard.privacy.Mask;
import cn.yrd.onecard.settlement.holder.HolderRegister;
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
    private final HolderRegister holders;

    RegionalHotlist(HotlistTable table, AuditTrail audit, HolderRegister holders) {
        this.table = table;
        this.audit = audit;
        this.holders = holders;
    }

    /** A report that cannot be taken, with why, in one line. */
    public static class RefusedReport extends Exception {
        RefusedReport(String message) {
            super(message);
        }
    }

    /** A report of a card listed already. */
    public static final class AlreadyListed extends RefusedReport {
        AlreadyListed(String message) {
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
        return report(card, reason, effectiveAt, officer, new HolderRegister.Proof(null, null));
    }

    /**
     * The same at a counter of any city: an officer of another city than the card's issuer lists it LOST or STOLEN
     * once the holder in front of them proved it theirs ({@code proof}: their citizen card's PIN, or the ID number the
     * card is registered to, checked against the issuer's register).
     */
    @Transactional(rollbackFor = RefusedReport.class)
    public long report(String card, String reason, LocalDateTime effectiveAt, Officer officer,
            HolderRegister.Proof proof) throws RefusedReport {
        String user = officer.name();
        if (!officer.role().equals("CITY") && !officer.role().equals("REGION")) {
            throw new NotYours("only an issuing city's or the region's finance staff report cards");
        }
        if (effectiveAt == null) {
            throw new RefusedReport("say from when the card is hotlisted (YYYY-MM-DDThh:mm)");
        }
        if (proof.pin() != null && proof.idNumber() != null) {
            throw new RefusedReport("check the holder by one thing: their PIN or their ID number");
        }
        String checked = proof.given() ? ", after checking " + proof.what() : "";
        return list(card, reason, effectiveAt, issuer -> proof.given()
                ? proven(card, issuer, reason, proof) : officer.maySee(issuer), user, checked);
    }

    /** Whether the holder proved a card of another city theirs, or why not, in one line. */
    private boolean proven(String card, String issuer, String reason, HolderRegister.Proof proof)
            throws RefusedReport {
        String masked = Mask.serialWithPrefix(card);
        if (!proof.given()) {
            return false;
        }
        if (!"LOST".equals(reason) && !"STOLEN".equals(reason)) {
            throw new NotYours("a counter of another city lists a card LOST or STOLEN, not " + reason);
        }
        HolderRegister.Verdict v = holders.verify(card, proof);
        return switch (v.outcome()) {
            case PROVED -> true;
            case NOT_REGISTERED -> throw new NotYours("card " + masked + " is registered to no holder (an anonymous "
                    + "card): only " + issuer + "'s staff or the region list it");
            case LOCKED -> throw new NotYours("card " + masked + ": " + HolderRegister.MAX_FAILED + " wrong answers "
                    + "in a row; its holder goes to a counter of " + issuer);
            case NO_PIN -> throw new RefusedReport("card " + masked + " has no PIN (a named transit card): check the "
                    + "holder's ID number");
            case WRONG -> throw new RefusedReport(proof.what() + " does not match card " + masked + "'s holder: "
                    + v.checksLeft() + " check(s) left");
        };
    }

    /**
     * The holder reports a loss or theft through the city app, whose token vouched for the card
     * ({@code CardAccess}): listed from {@code at} (now), by {@code via} (the app) in the audit trail.
     */
    @Transactional(rollbackFor = RefusedReport.class)
    public long reportByHolder(String card, String reason, LocalDateTime at, String via) throws RefusedReport {
        if (!"LOST".equals(reason) && !"STOLEN".equals(reason)) {
            throw new RefusedReport("a holder reports a card LOST or STOLEN, not '" + reason + "'");
        }
        return list(card, reason, at, issuer -> true, via, "");
    }

    /** Whether the card's issuer lets this report list it, or why not. */
    private interface MayList {
        boolean test(String issuer) throws RefusedReport;
    }

    private long list(String card, String reason, LocalDateTime effectiveAt, MayList mayList, String user,
            String checked) throws RefusedReport {
        if (card == null || !card.matches("[0-9]{16}")) {
            throw new RefusedReport("a card serial is 16 digits");
        }
        if (reason == null || !REASONS.contains(reason)) {
            throw new RefusedReport("the reason is one of LOST, STOLEN, REFUNDED, DAMAGED");
        }
        LocalDateTime now = LocalDateTime.now().truncatedTo(ChronoUnit.MINUTES);
        if (effectiveAt.isBefore(now.minus(BACK)) || effectiveAt.isAfter(now.plus(AHEAD))) {
            throw new RefusedReport("the card is hotlisted from a time between " + now.minus(BACK) + " and "
                    + now.plus(AHEAD) + ", not " + effectiveAt);
        }
        String masked = Mask.serialWithPrefix(card);
        String issuer = table.issuerOf(card);
        if (issuer == null) {
            throw new RefusedReport("card " + masked + " is not in the centre's records: check the serial");
        }
        if (!mayList.test(issuer)) {
            throw new NotYours("card " + masked + " was issued by " + issuer + ": only " + issuer
                    + "'s staff or the region report it, or a counter of another city that checked the holder (their "
                    + "PIN or ID number)");
        }
        long version = table.lockLatest() + 1;
        if (table.listing(card) != null) {
            throw new AlreadyListed("card " + masked + " is already hotlisted");
        }
        table.publish(version, LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS));
        table.insert(card, reason, effectiveAt.truncatedTo(ChronoUnit.SECONDS), version, user);
        audit.record(user, "HOTLIST", "card:" + masked,
                reason + " from " + effectiveAt + ", version " + version + checked);
        return version;
    }

    /**
     * A card found again by its holder: taken off the list by a new version, whose delta tells terminals to remove it
     * (docs/formats.md). By the issuing city's staff or the region's, for a card listed now and not handed in for a
     * refund (a refunded card's money left it: found, it stays listed).
     */
    @Transactional(rollbackFor = RefusedReport.class)
    public long found(String card, Officer officer) throws RefusedReport {
        if (!officer.role().equals("CITY") && !officer.role().equals("REGION")) {
            throw new NotYours("only an issuing city's or the region's finance staff take a card off the list");
        }
        if (card == null || !card.matches("[0-9]{16}")) {
            throw new RefusedReport("a card serial is 16 digits");
        }
        String masked = Mask.serialWithPrefix(card);
        String issuer = table.issuerOf(card);
        if (issuer != null && !officer.maySee(issuer)) {
            throw new NotYours("card " + masked + " was issued by " + issuer + ": only " + issuer
                    + "'s staff or the region take it off the list");
        }
        long version = table.lockLatest() + 1;
        HotlistTable.Entry listing = table.listing(card);
        if (listing == null) {
            throw new RefusedReport("card " + masked + " is not hotlisted");
        }
        String decided = table.caseOf(card);
        if (listing.reason().equals("REFUNDED") || "REFUNDED".equals(decided)) {
            throw new RefusedReport("card " + masked + " was refunded: its money has left it, it stays listed");
        }
        if ("REPLACED".equals(decided)) {
            throw new RefusedReport("card " + masked + " was replaced: its money is on the new card, it stays listed");
        }
        LocalDateTime now = LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS);
        table.publish(version, now);
        table.lift(card, version, officer.name(), now);
        audit.record(officer.name(), "HOTLIST_FOUND", "card:" + masked, "found again; " + listing.reason()
                + " listing lifted by version " + version);
        return version;
    }

    /** A card's listing now: its reason and from when. */
    public record Listing(String reason, LocalDateTime from) {
    }

    /** The card's listing now, if it is listed. */
    public java.util.Optional<Listing> listing(String card) {
        HotlistTable.Entry e = table.listing(card);
        return e == null ? java.util.Optional.empty() : java.util.Optional.of(new Listing(e.reason(), e.effectiveAt()));
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

    /**
     * What changed after {@code since}, up to the latest version: a {@code D} line for each card listed since, an
     * {@code R} line for each card the terminal holds that was found since. A delta with {@code R} lines is of format
     * version 2, so a terminal that knows only version 1 refuses it whole rather than keep a found card listed.
     */
    @Transactional(readOnly = true)
    public String delta(long since) {
        long version = table.latest();
        List<HotlistTable.Lifted> lifted = since >= version ? List.of() : table.liftedSince(since);
        java.util.TreeMap<String, String> lines = new java.util.TreeMap<>();
        table.since(since).forEach(e -> lines.put(e.card(), line(e)));
        lifted.forEach(l -> lines.put(l.card(), "R|" + l.card() + "|FOUND|" + l.liftedAt().format(TIME)));
        return HotlistFile.assemble("H|HOTLIST_DELTA|" + (lifted.isEmpty() ? 1 : 2) + "|" + Math.min(since, version)
                + "|" + version + "|" + generated(version), List.copyOf(lines.values()));
    }

    private String generated(long version) {
        LocalDateTime at = version == 0 ? LocalDateTime.of(2000, 1, 1, 0, 0) : table.publishedAt(version);
        return at.format(TIME);
    }

    private static String text(String header, List<HotlistTable.Entry> entries) {
        return HotlistFile.assemble(header, entries.stream().map(RegionalHotlist::line).toList());
    }

    private static String line(HotlistTable.Entry e) {
        return "D|" + e.card() + "|" + e.reason() + "|" + e.effectiveAt().format(TIME);
    }
}
