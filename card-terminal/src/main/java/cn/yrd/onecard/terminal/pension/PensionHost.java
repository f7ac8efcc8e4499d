package cn.yrd.onecard.terminal.pension;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.crypto.HomeAuthorisation;
import cn.yrd.onecard.privacy.Mask;
import cn.yrd.onecard.record.PensionPayout;
import cn.yrd.onecard.terminal.journal.ChecksummedLog;
import cn.yrd.onecard.terminal.pension.PensionerRegister.Pensioner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Period;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

/**
 * A home city's pension host (issue 19, docs/social-security.md, "Pensions"): a pensioner living away from home draws
 * the pension at a counter of the city they live in, which asks this host. A payout is allowed once a month and only
 * while the qualification is certified; its amount is the register's monthly pension for every month not yet paid,
 * so a pensioner whose certification lapsed is paid the months missed, at once, once a proof of life (at any counter
 * or kiosk, asking this host the same minute) has certified them again for {@link #CERTIFIED_FOR}. Every payout and
 * proof is written to the host's log, synced, before it is answered, and replayed on start: a request sent again
 * gets the same answer, never a second payout. Every payout and proof it approves it authorises with its city's key
 * ({@link HomeAuthorisation}), for the counter's record and clearing's check. One host a city; thread-safe.
 */
public final class PensionHost implements PensionAuthoriser, AutoCloseable {
    static final String LOG = "pensions.log";
    /** How long a proof of life certifies the qualification. */
    public static final Period CERTIFIED_FOR = Period.ofYears(1);

    /** A counter's request for one pensioner: its own id for it (a retry sends the same), the card, where, who. */
    public record Request(String requestId, String cardNumber, City serviceCity, String agentId) {
        public Request {
            if (requestId == null || !requestId.matches("[A-Za-z0-9_-]{1,40}")) {
                throw new IllegalArgumentException("a request id is 1 to 40 of A-Z a-z 0-9 _ -");
            }
        }
    }

    /**
     * A payout: its id, the amount, the months it pays ({@code from} to {@code to}) and the home city's authorisation
     * of the counter's record; or why none.
     */
    public record Payout(String payoutId, long amount, YearMonth from, YearMonth to, String authorisation,
            String refused) {
        static Payout refusal(String why) {
            return new Payout(null, 0, null, null, null, why);
        }

        public boolean approved() {
            return refused == null;
        }
    }

    /**
     * A proof of life recorded: its id, the day the qualification is now certified until and the home city's
     * authorisation of the counter's record; or why not.
     */
    public record Proof(String proofId, LocalDate certifiedUntil, String authorisation, String refused) {
        static Proof refusal(String why) {
            return new Proof(null, null, null, why);
        }

        public boolean approved() {
            return refused == null;
        }
    }

    private final PensionerRegister register;
    private final HomeAuthorisation authorisation;
    private final Clock clock;
    private final ChecksummedLog log;
    private final Map<String, YearMonth> paidThrough = new HashMap<>();
    private final Map<String, String> lastPayout = new HashMap<>();
    private final Map<String, LocalDate> certifiedUntil = new HashMap<>();
    private final Map<String, Payout> payouts = new HashMap<>();
    private final Map<String, Proof> proofs = new HashMap<>();
    /** The card each answered request was for: an id sent again for another card is refused. */
    private final Map<String, String> cardOf = new HashMap<>();
    private long lastId;

    /** {@code authorisation}: this city's pension authorisation key ({@link HomeAuthorisation#only}). */
    public PensionHost(PensionerRegister register, HomeAuthorisation authorisation, Path dir, Clock clock)
            throws IOException {
        this.register = register;
        this.authorisation = authorisation;
        this.clock = clock;
        this.log = ChecksummedLog.open(Files.createDirectories(dir).resolve(LOG));
        for (String line : log.lines()) {
            replay(line);
        }
    }

    /**
     * The pension owed to {@code r}'s card now: refused, with one line, for a card that is no pensioner's here, a
     * pensioner deceased or suspended, a lapsed certification, or a month already paid.
     */
    @Override
    public synchronized Payout payout(Request r) throws IOException {
        Payout before = payouts.get(r.requestId());
        if (before != null) {
            return sameCard(r) ? before : Payout.refusal(reused(r));
        }
        Pensioner p = register.find(r.cardNumber()).orElse(null);
        String refused = refusal(p, r.cardNumber());
        if (refused != null) {
            return Payout.refusal(refused);
        }
        LocalDate today = LocalDate.now(clock);
        LocalDate until = certifiedUntil(p);
        if (today.isAfter(until)) {
            return Payout.refusal("card " + Mask.serial(r.cardNumber()) + ": the qualification was certified until "
                    + until + "; a proof of life first, at any counter or kiosk");
        }
        YearMonth month = YearMonth.from(today);
        YearMonth paid = paidThrough(p);
        if (!paid.isBefore(month)) {
            return Payout.refusal("card " + Mask.serial(r.cardNumber()) + ": the pension of " + paid + " is paid "
                    + "already" + (lastPayout.containsKey(p.cardNumber()) ? " (payout " + lastPayout.get(
                            p.cardNumber()) + ")" : ""));
        }
        YearMonth from = paid.plusMonths(1);
        long months = ChronoUnit.MONTHS.between(from, month) + 1;
        long amount = Math.multiplyExact(p.monthly(), months);
        String id = nextId("P");
        log.append(String.join("|", "P", r.requestId(), id, r.cardNumber(), from.toString(), month.toString(),
                Long.toString(amount), r.serviceCity().code(), r.agentId()));
        return applyPayout(r, id, from, month, amount);
    }

    /**
     * A proof of life: the qualification certified for {@link #CERTIFIED_FOR} from today; refused for a card that is
     * no pensioner's here or a pensioner recorded deceased.
     */
    @Override
    public synchronized Proof certify(Request r) throws IOException {
        Proof before = proofs.get(r.requestId());
        if (before != null) {
            return sameCard(r) ? before : Proof.refusal(reused(r));
        }
        Pensioner p = register.find(r.cardNumber()).orElse(null);
        if (p == null || p.status() == PensionerRegister.Status.DECEASED) {
            return Proof.refusal(refusal(p, r.cardNumber()));
        }
        LocalDate today = LocalDate.now(clock);
        LocalDate until = today.plus(CERTIFIED_FOR);
        String id = nextId("L");
        log.append(String.join("|", "L", r.requestId(), id, r.cardNumber(), today.toString(), until.toString(),
                r.serviceCity().code(), r.agentId()));
        return applyProof(r, id, until);
    }

    /** The day {@code p}'s qualification is certified until: the register's, or the last proof's. */
    public synchronized LocalDate certifiedUntil(Pensioner p) {
        return certifiedUntil.getOrDefault(p.cardNumber(), p.certifiedUntil());
    }

    /** The last month paid to {@code p}: the register's, or the last payout's. */
    public synchronized YearMonth paidThrough(Pensioner p) {
        return paidThrough.getOrDefault(p.cardNumber(), p.paidThrough());
    }

    public PensionerRegister register() {
        return register;
    }

    private String refusal(Pensioner p, String card) {
        if (p == null) {
            return "card " + Mask.serial(card) + " is no pensioner of " + register.city();
        }
        return switch (p.status()) {
            case ACTIVE -> null;
            case SUSPENDED -> "card " + Mask.serial(card) + ": the pension is suspended";
            case DECEASED -> "card " + Mask.serial(card) + ": the pensioner is recorded deceased";
        };
    }

    private boolean sameCard(Request r) {
        return r.cardNumber().equals(cardOf.get(r.requestId()));
    }

    private static String reused(Request r) {
        return "request " + r.requestId() + " was answered for another card: a counter numbers each request once";
    }

    private String nextId(String kind) {
        return register.city().code() + "-" + kind + "-" + String.format("%06d", lastId + 1);
    }

    private Payout applyPayout(Request r, String id, YearMonth from, YearMonth to, long amount) {
        paidThrough.put(r.cardNumber(), to);
        lastPayout.put(r.cardNumber(), id);
        counted(id);
        cardOf.put(r.requestId(), r.cardNumber());
        Payout p = new Payout(id, amount, from, to, authorise(r, id, PensionPayout.Kind.PAYOUT, amount), null);
        payouts.put(r.requestId(), p);
        return p;
    }

    private Proof applyProof(Request r, String id, LocalDate until) {
        certifiedUntil.put(r.cardNumber(), until);
        counted(id);
        cardOf.put(r.requestId(), r.cardNumber());
        Proof p = new Proof(id, until, authorise(r, id, PensionPayout.Kind.PROOF_OF_LIFE, 0), null);
        proofs.put(r.requestId(), p);
        return p;
    }

    /** The home city's MAC of the record the counter writes for {@code r}'s payout or proof {@code id}. */
    private String authorise(Request r, String id, PensionPayout.Kind kind, long amount) {
        return authorisation.of(new PensionPayout(id, r.cardNumber(), register.city(), r.serviceCity(), r.agentId(),
                LocalDateTime.now(clock).truncatedTo(ChronoUnit.SECONDS), kind, amount, ""));
    }

    private void counted(String id) {
        lastId = Long.parseLong(id.substring(id.lastIndexOf('-') + 1));
    }

    private void replay(String line) throws IOException {
        String[] f = line.split("\\|");
        if (f.length == 9 && f[0].equals("P")) {
            applyPayout(new Request(f[1], f[3], Cities.byCode(f[7]), f[8]), f[2], YearMonth.parse(f[4]),
                    YearMonth.parse(f[5]), Long.parseLong(f[6]));
        } else if (f.length == 8 && f[0].equals("L")) {
            applyProof(new Request(f[1], f[3], Cities.byCode(f[6]), f[7]), f[2], LocalDate.parse(f[5]));
        } else {
            throw new IOException(log.file() + ": not a payout or proof line: "
                    + line.substring(0, Math.min(40, line.length())));
        }
    }

    @Override
    public void close() throws IOException {
        log.close();
    }
}
