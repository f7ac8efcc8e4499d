package cn.yrd.onecard.terminal.medical;

import cn.yrd.onecard.record.MedicalCare;
import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.crypto.HomeAuthorisation;
import cn.yrd.onecard.record.MedicalClaim;
import cn.yrd.onecard.money.Fen;
import cn.yrd.onecard.privacy.Mask;
import cn.yrd.onecard.terminal.journal.ChecksummedLog;
import cn.yrd.onecard.terminal.medical.InsuredRegister.Insured;
import cn.yrd.onecard.terminal.medical.Reimbursement.Split;
import cn.yrd.onecard.terminal.medical.Reimbursement.Year;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

/**
 * A home city's medical-insurance host: it answers, for a bill of one of its insured anywhere in the delta, what the
 * pooled fund pays, from its own register and policy (issue 19, docs/social-security.md), and keeps each person's
 * year (deductible met, fund paid) and individual account. Every approved claim is written to its log, synced,
 * before it is answered; the log is replayed on start, so the year's totals survive a crash and a request sent again
 * (the counter's retry after a lost answer) gets the same claim, never a second one. Every claim and reversal it
 * approves it authorises with its city's key ({@link HomeAuthorisation}): the record the counter writes carries that
 * MAC, and clearing pays nothing the home city did not authorise. One host a city; thread-safe.
 */
public final class MedicalHost implements MedicalAuthoriser, AutoCloseable {
    static final String LOG = "claims.log";

    /**
     * A hospital counter's request: its own id for the request (the counter and its sequence: a retry sends the same),
     * the patient's card, where and for what care, and the bill's total in fen.
     */
    public record ClaimRequest(String requestId, String cardNumber, City serviceCity, String hospitalId,
            MedicalCare care, long total) {
        public ClaimRequest {
            if (requestId == null || !requestId.matches("[A-Za-z0-9_-]{1,40}")) {
                throw new IllegalArgumentException("a request id is 1 to 40 of A-Z a-z 0-9 _ -");
            }
        }
    }

    /**
     * A hospital's cancellation of one of its claims (the same day or later): its own id for the request (up to 64
     * characters: the counter's record number and the claim id), the home host's claim id, the hospital.
     */
    public record ReversalRequest(String requestId, String claimId, String hospitalId) {
        public ReversalRequest {
            if (requestId == null || !requestId.matches("[A-Za-z0-9_-]{1,64}")) {
                throw new IllegalArgumentException("a request id is 1 to 64 of A-Z a-z 0-9 _ -");
            }
        }
    }

    /** A claim the host answered: whose, where, by which hospital, and its split. */
    private record Claimed(String card, City serviceCity, String hospital, MedicalCare care, Split split) {
    }

    /**
     * The host's answer: the claim's (or reversal's) id, the split and the home city's authorisation of the record
     * ({@link HomeAuthorisation}), or why the fund pays nothing.
     */
    public record Answer(String claimId, Split split, String authorisation, String refused) {
        static Answer refusal(String why) {
            return new Answer(null, null, null, why);
        }

        public boolean approved() {
            return refused == null;
        }
    }

    private final InsuredRegister register;
    private final MedicalPolicy policy;
    private final HomeAuthorisation authorisation;
    private final Clock clock;
    private final ChecksummedLog log;
    private final Map<String, Year> years = new HashMap<>();
    private final Map<String, Long> accountsUsed = new HashMap<>();
    private final Map<String, Answer> answered = new HashMap<>();
    /** What each answered request asked: its card, bill and care, so that an id sent for another bill is refused. */
    private final Map<String, String> asked = new HashMap<>();
    private long lastClaim;
    private final Map<String, Claimed> claims = new HashMap<>();
    private final Map<String, String> reversedBy = new HashMap<>();

    /** {@code authorisation}: this city's medical authorisation key ({@link HomeAuthorisation#only}). */
    public MedicalHost(InsuredRegister register, MedicalPolicy policy, HomeAuthorisation authorisation, Path dir,
            Clock clock) throws IOException {
        if (!register.city().equals(policy.city())) {
            throw new IllegalArgumentException("the register is " + register.city().code() + "'s and the policy "
                    + policy.city().code() + "'s");
        }
        this.register = register;
        this.policy = policy;
        this.authorisation = authorisation;
        this.clock = clock;
        this.log = ChecksummedLog.open(Files.createDirectories(dir).resolve(LOG));
        for (String line : log.lines()) {
            replay(line);
        }
    }

    /**
     * The fund's part of {@code r}'s bill: refused, with one line, for a card not in the register, a person suspended or
     * deceased, a bill of a year the policy is not for, or of nothing; otherwise split by the policy and written down.
     */
    @Override
    public synchronized Answer claim(ClaimRequest r) throws IOException {
        Answer before = answered.get(r.requestId());
        if (before != null) {
            return asked.get(r.requestId()).equals(billOf(r)) ? before : Answer.refusal("request " + r.requestId()
                    + " was answered for another bill: a counter numbers each bill once");
        }
        Insured person = register.find(r.cardNumber()).orElse(null);
        if (person == null) {
            return Answer.refusal("card " + Mask.serial(r.cardNumber()) + " is not insured in " + register.city());
        }
        if (person.status() != InsuredRegister.Status.ACTIVE) {
            return Answer.refusal("card " + Mask.serial(r.cardNumber()) + ": " + (person.status()
                    == InsuredRegister.Status.DECEASED ? "the insured person is recorded deceased"
                    : "the insurance is suspended (contributions unpaid)"));
        }
        int year = LocalDate.now(clock).getYear();
        if (year != policy.year()) {
            return Answer.refusal(register.city() + " has no policy for " + year + " here (this host's is "
                    + policy.year() + "'s)");
        }
        if (r.total() <= 0 || r.total() > 0xFFFFFFFFL) {
            return Answer.refusal("a bill is 0.01 to " + Fen.asYuan(0xFFFFFFFFL) + " yuan, got " + Fen.asYuan(r.total()));
        }
        Split split = Reimbursement.of(policy, year(r.cardNumber()), account(person), r.total(), r.care());
        String claimId = register.city().code() + "-" + year + "-" + String.format("%06d", lastClaim + 1);
        log.append(String.join("|", "C", r.requestId(), claimId, r.cardNumber(), r.hospitalId(),
                r.care().level().name(),
                r.care().kind().name(), Long.toString(split.total()), Long.toString(split.deductible()),
                Long.toString(split.fundPaid()), Long.toString(split.accountPaid()), Long.toString(split.selfPaid()),
                split.capReached() ? "1" : "0", r.serviceCity().code()));
        return apply(r.requestId(), billOf(r), claimId, new Claimed(r.cardNumber(), r.serviceCity(), r.hospitalId(),
                r.care(), split));
    }

    /**
     * Reverses a claim: the person's year and individual account get back what it took, and the answer is the
     * reversal's id ({@code <claim id>-R}) with the split reversed. Refused, with one line, for a claim this host never
     * answered, one another hospital made, or one reversed already.
     */
    @Override
    public synchronized Answer reverse(ReversalRequest r) throws IOException {
        Answer before = answered.get(r.requestId());
        if (before != null) {
            return asked.get(r.requestId()).equals("R|" + r.claimId()) ? before : Answer.refusal("request "
                    + r.requestId() + " was answered for another claim: a counter numbers each request once");
        }
        Claimed c = claims.get(r.claimId());
        if (c == null) {
            return Answer.refusal("no claim " + r.claimId() + " at the medical host of " + register.city());
        }
        if (!c.hospital().equals(r.hospitalId())) {
            return Answer.refusal("claim " + r.claimId() + " was made by " + c.hospital() + ", not by "
                    + r.hospitalId());
        }
        if (reversedBy.containsKey(r.claimId())) {
            return Answer.refusal("claim " + r.claimId() + " is reversed already (" + reversedBy.get(r.claimId())
                    + ")");
        }
        log.append(String.join("|", "R", r.requestId(), r.claimId()));
        return applyReversal(r.requestId(), r.claimId());
    }

    /** What {@code cardNumber}'s year has used so far. */
    public synchronized Year year(String cardNumber) {
        return years.getOrDefault(cardNumber, Year.NONE);
    }

    /** What is left in the person's individual account: the register's balance less what claims took. */
    public synchronized long account(Insured person) {
        return Math.subtractExact(person.account(), accountsUsed.getOrDefault(person.cardNumber(), 0L));
    }

    /** What a request asks: the card, the care and the bill. */
    private static String billOf(ClaimRequest r) {
        return String.join("|", r.cardNumber(), r.care().level().name(), r.care().kind().name(),
                Long.toString(r.total()));
    }

    private Answer apply(String requestId, String bill, String claimId, Claimed c) {
        years.put(c.card(), year(c.card()).plus(c.split()));
        accountsUsed.merge(c.card(), c.split().accountPaid(), Math::addExact);
        lastClaim = Long.parseLong(claimId.substring(claimId.lastIndexOf('-') + 1));
        claims.put(claimId, c);
        Answer a = new Answer(claimId, c.split(), authorise(claimId, c, MedicalClaim.Kind.CLAIM), null);
        answered.put(requestId, a);
        asked.put(requestId, bill);
        return a;
    }

    private Answer applyReversal(String requestId, String claimId) {
        Claimed c = claims.get(claimId);
        years.put(c.card(), year(c.card()).minus(c.split()));
        accountsUsed.merge(c.card(), -c.split().accountPaid(), Math::addExact);
        String reversal = claimId + "-R";
        reversedBy.put(claimId, reversal);
        Answer a = new Answer(reversal, c.split(), authorise(reversal, c, MedicalClaim.Kind.REVERSAL), null);
        answered.put(requestId, a);
        asked.put(requestId, "R|" + claimId);
        return a;
    }

    /**
     * The home city's MAC of the record the counter writes for claim (or reversal) {@code id}: what the fund and the
     * account pay is the record's fund-paid part, the rest the patient's.
     */
    private String authorise(String id, Claimed c, MedicalClaim.Kind kind) {
        Split s = c.split();
        return authorisation.of(new MedicalClaim(id, c.card(), register.city(), c.serviceCity(), c.hospital(),
                LocalDateTime.now(clock).truncatedTo(ChronoUnit.SECONDS), kind, c.care(), s.total(),
                Math.addExact(s.fundPaid(), s.accountPaid()), s.selfPaid(), ""));
    }

    private void replay(String line) throws IOException {
        String[] f = line.split("\\|");
        if (f.length == 14 && f[0].equals("C")) {
            apply(f[1], String.join("|", f[3], f[5], f[6], f[7]), f[2], new Claimed(f[3], Cities.byCode(f[13]), f[4],
                    MedicalCare.of(f[5], f[6]), new Split(Long.parseLong(f[7]), Long.parseLong(f[8]),
                            Long.parseLong(f[9]), Long.parseLong(f[10]), Long.parseLong(f[11]), f[12].equals("1"))));
        } else if (f.length == 3 && f[0].equals("R") && claims.containsKey(f[2])) {
            applyReversal(f[1], f[2]);
        } else {
            throw new IOException(log.file() + ": not a claim or reversal line: "
                    + line.substring(0, Math.min(40, line.length())));
        }
    }

    @Override
    public void close() throws IOException {
        log.close();
    }
}
