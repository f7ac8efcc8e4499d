package cn.yrd.onecard.terminal.counter;

import cn.yrd.onecard.record.MedicalCare;
import cn.yrd.onecard.money.Fen;
import cn.yrd.onecard.card.SocialSecurityCard;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.record.MedicalClaim;
import cn.yrd.onecard.record.PensionPayout;
import cn.yrd.onecard.terminal.card.CitizenCard;
import cn.yrd.onecard.terminal.medical.MedicalAuthoriser;
import cn.yrd.onecard.terminal.medical.MedicalHost;
import cn.yrd.onecard.terminal.medical.MedicalPolicy;
import cn.yrd.onecard.terminal.medical.PinUnblocker;
import cn.yrd.onecard.terminal.medical.PinUnblocking;
import cn.yrd.onecard.iso.ReloadPin;
import cn.yrd.onecard.terminal.medical.Reimbursement;
import cn.yrd.onecard.terminal.pension.PensionAuthoriser;
import cn.yrd.onecard.terminal.pension.PensionHost;
import cn.yrd.onecard.terminal.reader.Apdus;
import cn.yrd.onecard.terminal.reader.TerminalException;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.smartcardio.CardChannel;

/**
 * A hospital or pension counter (or a kiosk's proof-of-life screen) in its service city: reads the citizen
 * card, checks the PIN, asks the card's home city (its medical or pension host, online), and records the claim, its
 * reversal, the pension payout or the proof of life the home city approved, with the home city's authorisation. The
 * insured person's home city comes from the card, never from the counter; what the home city's fund pays comes from
 * the home city, never from the counter.
 */
public final class Counter {
    private final String counterId;
    private final City city;
    private final CounterLog log;
    private final Clock clock;

    public Counter(String counterId, City city, CounterLog log, Clock clock) {
        if (!counterId.matches("[A-Za-z0-9_]{1,20}")) {
            throw new IllegalArgumentException("counter ID must be 1 to 20 of A-Z a-z 0-9 _");
        }
        this.counterId = counterId;
        this.city = city;
        this.log = log;
        this.clock = clock;
    }

    /** A counter's outcome: the record written, or why none was. */
    public record Outcome<R>(R record, String refused) {
        public boolean done() {
            return record != null;
        }
    }

    /**
     * A bill of {@code total} fen for {@code care}, computed by the patient's home city online (docs/social-security.md):
     * the home city's medical host ({@code homes}, by city) answers what its fund and the person's individual account
     * pay, and the claim id. The record's fund-paid part is what the home city pays (fund and account), the rest the
     * patient's. See {@link #askHome} for what a refusal or no answer leaves.
     */
    public Outcome<MedicalClaim> claimOnline(CardChannel channel, String pin, long total, MedicalCare care,
            Map<City, ? extends MedicalAuthoriser> homes, AtomicInteger apdus) throws TerminalException, IOException {
        requireAmount("a bill", total);
        return askHome(channel, pin, homes, "medical host", apdus, (host, card, requestId) -> {
            MedicalHost.Answer a = host.claim(new MedicalHost.ClaimRequest(requestId, card.cardNumber(), city,
                    counterId, care, total));
            if (!a.approved()) {
                return new Outcome<>(null, a.refused());
            }
            return new Outcome<>(claimRecord(a, card.cardNumber(), card.homeCity(), MedicalClaim.Kind.CLAIM, care),
                    null);
        }, log::record);
    }

    /**
     * Cancels claim {@code claimId} of this counter, the same day or later, at the patient's home city (its host in
     * {@code homes}): the person's year and individual account get back what it took, and the reversing claim is
     * recorded, for clearing to take the fund's part back from this city. The card is not needed. Refused, with one
     * line and nothing recorded, for a claim this counter never recorded or has reversed already, a home host that
     * refuses or does not answer (the same reversal asked again is the same request).
     */
    public Outcome<MedicalClaim> reverseOnline(String claimId, Map<City, ? extends MedicalAuthoriser> homes)
            throws IOException {
        MedicalClaim claim = log.claims().stream().filter(c -> c.claimId().equals(claimId)
                && c.kind() == MedicalClaim.Kind.CLAIM).findFirst().orElse(null);
        if (claim == null) {
            return new Outcome<>(null, "no claim " + claimId + " at counter " + counterId);
        }
        if (log.claims().stream().anyMatch(c -> c.kind() == MedicalClaim.Kind.REVERSAL
                && c.claimId().equals(claimId + "-R"))) {
            return new Outcome<>(null, "claim " + claimId + " is reversed already at counter " + counterId);
        }
        MedicalAuthoriser host = homes.get(claim.homeCity());
        if (host == null) {
            return new Outcome<>(null, "this counter knows no medical host of " + claim.homeCity()
                    + ": nothing recorded");
        }
        MedicalHost.Answer a;
        try {
            a = host.reverse(new MedicalHost.ReversalRequest(nextId() + "-" + claimId, claimId, counterId));
        } catch (IOException e) {
            return new Outcome<>(null, "the medical host of " + claim.homeCity() + " does not answer; nothing "
                    + "recorded, reverse again (" + e.getMessage() + ")");
        }
        if (!a.approved()) {
            return new Outcome<>(null, claim.homeCity() + " refuses: " + a.refused());
        }
        MedicalClaim reversal = claimRecord(a, claim.cardNumber(), claim.homeCity(), MedicalClaim.Kind.REVERSAL,
                claim.care());
        log.record(reversal);
        return new Outcome<>(reversal, null);
    }

    /** The record of a home host's answer: the fund's and the account's parts are what the home city pays. */
    private MedicalClaim claimRecord(MedicalHost.Answer a, String card, City home, MedicalClaim.Kind kind,
            MedicalCare care) {
        Reimbursement.Split s = a.split();
        return new MedicalClaim(a.claimId(), card, home, city, counterId, now(), kind, care, s.total(),
                Math.addExact(s.fundPaid(), s.accountPaid()), s.selfPaid(), a.authorisation());
    }

    /**
     * A pension drawn away from home: the pensioner's home city (its pension host in {@code homes}) answers whether it
     * may be paid (once a month, while certified) and how much (every month not yet paid); see {@link #askHome}.
     */
    public Outcome<PensionPayout> payoutOnline(CardChannel channel, String pin,
            Map<City, ? extends PensionAuthoriser> homes, AtomicInteger apdus) throws TerminalException, IOException {
        return askHome(channel, pin, homes, "pension host", apdus, (host, card, requestId) -> {
            PensionHost.Payout p = host.payout(new PensionHost.Request(requestId, card.cardNumber(), city, counterId));
            return new Outcome<>(p.approved() ? new PensionPayout(p.payoutId(), card.cardNumber(), card.homeCity(),
                    city, counterId, now(), PensionPayout.Kind.PAYOUT, p.amount(), p.authorisation()) : null,
                    p.refused());
        }, log::record);
    }

    /**
     * A proof of life that certifies the pensioner at home the same minute (the home city's pension host in
     * {@code homes}), so that a lapsed pension is paid again at once; see {@link #askHome}.
     */
    public Outcome<PensionPayout> proofOnline(CardChannel channel, String pin,
            Map<City, ? extends PensionAuthoriser> homes, AtomicInteger apdus) throws TerminalException, IOException {
        return askHome(channel, pin, homes, "pension host", apdus, (host, card, requestId) -> {
            PensionHost.Proof p = host.certify(new PensionHost.Request(requestId, card.cardNumber(), city, counterId));
            return new Outcome<>(p.approved() ? new PensionPayout(p.proofId(), card.cardNumber(), card.homeCity(),
                    city, counterId, now(), PensionPayout.Kind.PROOF_OF_LIFE, 0, p.authorisation()) : null,
                    p.refused());
        }, log::record);
    }

    /** The home city asked: the record to write, or why it refuses. */
    private interface HomeCall<A, R> {
        Outcome<R> ask(A host, SocialSecurityCard card, String requestId) throws IOException;
    }

    /** The counter's log taking one record. */
    private interface Recording<R> {
        void record(R record) throws IOException;
    }

    /**
     * The card read and the PIN checked here, then the card's home city asked ({@code homes}, by city). A refusal is
     * answered with the home city's reason and nothing is recorded; a host that does not answer leaves nothing
     * recorded, and the same business presented again is the same request (the counter's next record number and the
     * card), which the host answers once.
     */
    private <A, R> Outcome<R> askHome(CardChannel channel, String pin, Map<City, ? extends A> homes, String what,
            AtomicInteger apdus, HomeCall<A, R> call, Recording<R> recording) throws TerminalException, IOException {
        Checked c = check(channel, pin, apdus);
        if (c.refused != null) {
            return new Outcome<>(null, c.refused);
        }
        City home = c.card.homeCity();
        A host = homes.get(home);
        if (host == null) {
            return new Outcome<>(null, "this counter knows no " + what + " of " + home + ": nothing recorded");
        }
        Outcome<R> answer;
        try {
            answer = call.ask(host, c.card, nextId() + "-" + c.card.cardNumber());
        } catch (IOException e) {
            return new Outcome<>(null, "the " + what + " of " + home + " does not answer; nothing recorded, present "
                    + "the card again (" + e.getMessage() + ")");
        }
        if (!answer.done()) {
            return new Outcome<>(null, home + " refuses: " + answer.refused());
        }
        recording.record(answer.record());
        return answer;
    }

    /**
     * A blocked PIN unblocked here, on the word of the card's home city ({@code homes}: its medical host, which
     * holds the cards' PIN-reload key), once the counter's officer has checked the holder's identity document: the card
     * gives a challenge, the home city the MAC of RELOAD PIN over it, and the card takes {@code newPin} (the holder's,
     * typed at the PIN pad; the home city never sees it) with every try back. A refusal or no answer changes nothing.
     */
    public Outcome<SocialSecurityCard> unblockOnline(CardChannel channel, String newPin,
            Map<City, ? extends PinUnblocker> homes, AtomicInteger apdus) throws TerminalException, IOException {
        int pinBytes = ReloadPin.pinBytes(newPin);
        CitizenCard card = new CitizenCard(new Apdus(channel, "citizen card", apdus));
        card.select();
        SocialSecurityCard ss = card.card();
        City home;
        try {
            home = ss.homeCity();
        } catch (IllegalArgumentException e) {
            return new Outcome<>(null, "the card's home city is not one of the 16 cities");
        }
        PinUnblocker host = homes.get(home);
        if (host == null) {
            return new Outcome<>(null, "this counter knows no medical host of " + home + ": the PIN is unchanged");
        }
        byte[] challenge = card.challenge();
        PinUnblocking.Answer a;
        try {
            a = host.unblock(new PinUnblocking.Request(nextId() + "-" + ss.cardNumber() + "-U", ss.identificationCode(),
                    ss.cardNumber(), java.util.HexFormat.of().withUpperCase().formatHex(challenge), pinBytes,
                    city, counterId));
        } catch (IOException e) {
            return new Outcome<>(null, "the medical host of " + home + " does not answer; the PIN is unchanged, "
                    + "try again (" + e.getMessage() + ")");
        }
        if (!a.approved()) {
            return new Outcome<>(null, home + " refuses: " + a.refused());
        }
        byte[] mac;
        try {
            mac = java.util.HexFormat.of().parseHex(a.mac());
            if (mac.length != 4) {
                throw new IllegalArgumentException("not 4 bytes");
            }
        } catch (IllegalArgumentException e) {
            return new Outcome<>(null, "the medical host of " + home + " answered no MAC; the PIN is unchanged");
        }
        card.reloadPin(newPin, mac);
        return new Outcome<>(ss, null);
    }

    /** The holder changes the PIN, knowing the old one: wrong, it counts as a wrong PIN. */
    public Outcome<SocialSecurityCard> changePin(CardChannel channel, String oldPin, String newPin, AtomicInteger apdus)
            throws TerminalException {
        CitizenCard card = new CitizenCard(new Apdus(channel, "citizen card", apdus));
        card.select();
        SocialSecurityCard ss = card.card();
        String refused = pinRefusal(card.changePin(oldPin, newPin), card);
        return new Outcome<>(refused == null ? ss : null, refused);
    }

    /** The counter's edge: an amount out of range is refused before the card (or its PIN) is touched. */
    private static void requireAmount(String what, long fen) {
        if (fen <= 0 || fen > Fen.MAX_RECORD_AMOUNT) {
            throw new IllegalArgumentException(what + " is 0.01 to " + Fen.asYuan(Fen.MAX_RECORD_AMOUNT)
                    + " yuan, not " + fen + " fen");
        }
    }

    private record Checked(SocialSecurityCard card, String refused) {
    }

    /** The card read, valid today, and the PIN right; or why not. */
    private Checked check(CardChannel channel, String pin, AtomicInteger apdus) throws TerminalException {
        CitizenCard card = new CitizenCard(new Apdus(channel, "citizen card", apdus));
        card.select();
        SocialSecurityCard ss = card.card();
        LocalDate today = now().toLocalDate();
        if (today.isAfter(ss.expiryDate())) {
            return new Checked(ss, "citizen card expired on " + ss.expiryDate());
        }
        try {
            ss.homeCity();
        } catch (IllegalArgumentException e) {
            return new Checked(ss, "the card's home city is not one of the 16 cities");
        }
        return new Checked(ss, pinRefusal(card.verifyPin(pin), card));
    }

    /** Why a PIN was not taken, or null when it was. */
    private static String pinRefusal(CitizenCard.PinResult result, CitizenCard card) {
        return switch (result) {
            case OK -> null;
            case BLOCKED -> "PIN blocked: a counter of any city unblocks it on the holder's identity document";
            case WRONG -> card.triesLeft() == 0 ? "wrong PIN; the PIN is now blocked"
                    : "wrong PIN, " + card.triesLeft() + " tries left";
        };
    }

    private String nextId() {
        return counterId + "-" + String.format("%08d", log.size() + 1);
    }

    private LocalDateTime now() {
        return LocalDateTime.now(clock).truncatedTo(ChronoUnit.SECONDS);
    }
}
