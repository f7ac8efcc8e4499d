package cn.yrd.onecard.clearing.validation;

import cn.yrd.onecard.card.Industry;
import cn.yrd.onecard.card.TransactionType;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.crypto.TacVerifier;
import cn.yrd.onecard.hotlist.Hotlist;
import cn.yrd.onecard.record.TransitRecord;
import cn.yrd.onecard.registry.TerminalRegistry;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Function;

/**
 * The checks a purse record (a ride, a load, a merchant payment) must pass, cheapest first: the clearing window (a
 * merchant payment's is longer), the amount range, the card's
 * expiry, the terminal (registered, and to the city and operator the record names), the hotlist (a card used after
 * its listing took effect), the balance it held, and its TAC, re-verified with the issuing city's TAC master key.
 * (Duplicates, gaps and balance chains are the card-history step's: they need the card's other records.) Not
 * thread-safe: one per worker.
 */
public final class TransitValidation {
    private final ClearingRules rules;
    private final TacVerifier tacs;
    private final Hotlist hotlist;
    private final Optional<TerminalRegistry> terminals;

    /** With no {@code terminals} registry, terminals are not checked. */
    public TransitValidation(ClearingRules rules, Function<City, byte[]> tacMasterKeys, Hotlist hotlist,
            Optional<TerminalRegistry> terminals) {
        this.rules = rules;
        this.tacs = new TacVerifier(tacMasterKeys);
        this.hotlist = hotlist;
        this.terminals = terminals;
    }

    public Verdict check(TransitRecord r, LocalDate businessDate) {
        LocalDate day = r.time().toLocalDate();
        int window = r.industry() == Industry.MERCHANT ? rules.merchantWindowDays() : rules.windowDays();
        if (day.isAfter(businessDate) || day.isBefore(businessDate.minusDays(window))) {
            return Verdict.suspend(Reason.OUTSIDE_WINDOW, "transaction of " + day + ", business date " + businessDate);
        }
        long max = r.type() == TransactionType.LOAD ? rules.maxLoad() : rules.maxPurchase();
        if (r.amount() <= 0 && r.type() == TransactionType.LOAD || r.amount() > max) {
            return Verdict.suspend(Reason.AMOUNT, r.amount() + " fen, allowed up to " + max);
        }
        if (r.cardExpiry().isBefore(day)) {
            return Verdict.suspend(Reason.EXPIRED, "card expired on " + r.cardExpiry());
        }
        if (terminals.isPresent()) {
            Optional<TerminalRegistry.Terminal> t = terminals.get().find(r.terminalNo());
            if (t.isEmpty()) {
                return Verdict.suspend(Reason.UNKNOWN_TERMINAL, "terminal " + r.terminalNo() + " is not registered");
            }
            if (t.get().city() != r.acquirer() || !t.get().operatorId().equals(r.operatorId())) {
                return Verdict.suspend(Reason.TERMINAL_ELSEWHERE, "terminal " + r.terminalNo() + " is registered to "
                        + t.get().city().code() + "/" + t.get().operatorId() + ", the record names "
                        + r.acquirer().code() + "/" + r.operatorId());
            }
        }
        Optional<LocalDateTime> listed = hotlist.listedSince(r.cardSerial());
        if (listed.isPresent() && !r.time().isBefore(listed.get())) {
            return Verdict.suspend(Reason.HOTLISTED, "card hotlisted since " + listed.get() + ", used " + r.time());
        }
        if (!r.type().isCredit() && r.amount() > r.balanceBefore()) {
            return Verdict.suspend(Reason.BALANCE, r.amount() + " fen from a balance of " + r.balanceBefore());
        }
        byte[] tac;
        try {
            tac = HexFormat.of().parseHex(r.tac()); // in place: Commons Codec copies the string first
        } catch (IllegalArgumentException e) {
            return Verdict.suspend(Reason.TAC, "TAC is not hex");
        }
        boolean ok = r.type() == TransactionType.LOAD
                ? tacs.verifyLoad(r.issuer(), r.algorithm(), r.cardSerial(), r.balanceAfter(), r.atc(), r.load(), tac)
                : tacs.verifyPurchase(r.issuer(), r.algorithm(), r.cardSerial(), r.purchase(), tac);
        return ok ? Verdict.ACCEPTED : Verdict.suspend(Reason.TAC, "TAC " + r.tac() + " does not verify");
    }
}
