package cn.yrd.onecard.settlement.fund;

import cn.yrd.onecard.settlement.fund.FundMovement.Fund;
import cn.yrd.onecard.settlement.fund.FundMovement.Kind;
import cn.yrd.onecard.record.MedicalCare;
import cn.yrd.onecard.settlement.intake.ClearedRecord;
import cn.yrd.onecard.settlement.ledger.Accounts;
import cn.yrd.onecard.settlement.ledger.JournalEntry;
import cn.yrd.onecard.settlement.ledger.Posting;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A settled day's fund movements, from the records clearing accepted: a medical claim (clearing's type {@code C}
 * and its care's short code, {@code C3I}) is owed by its home city, the payer, to the service city; a reversal
 * ({@code R3I}) the other way; a pension payout ({@code PP}) and a proof of life ({@code PL}) by the home city. Business
 * within one city is not business away from home, and is not a movement of this kind.
 */
public final class FundMovements {
    private static final String REVERSAL = "R";
    private static final String PROOF_OF_LIFE = "PL";

    private FundMovements() {
    }

    /** The day's movements, one per fund, home city, service city and kind, in that order. */
    public static List<FundMovement> of(LocalDate date, List<ClearedRecord> records) {
        Map<String, long[]> sums = new TreeMap<>();
        for (ClearedRecord r : records) {
            if (!r.accepted() || r.payer().equals(r.payee())) {
                continue;
            }
            Fund fund;
            Kind kind;
            String home;
            String service;
            String care = "";
            switch (r.businessLine()) {
                case "MEDICAL" -> {
                    fund = Fund.MEDICAL;
                    kind = r.type().startsWith(REVERSAL) ? Kind.REVERSAL : Kind.CLAIM;
                    try {
                        care = MedicalCare.ofShortCode(r.type().substring(1)).code();
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(r.dayFile() + " line " + r.line() + ": a MEDICAL record of "
                                + "type '" + r.type() + "', not a claim's or a reversal's (C3I, R1O)");
                    }
                    home = kind == Kind.REVERSAL ? r.payee() : r.payer();
                    service = kind == Kind.REVERSAL ? r.payer() : r.payee();
                }
                case "PENSION" -> {
                    fund = Fund.PENSION;
                    kind = r.type().equals(PROOF_OF_LIFE) ? Kind.PROOF_OF_LIFE : Kind.PAYOUT;
                    home = r.payer();
                    service = r.payee();
                }
                default -> {
                    continue;
                }
            }
            long[] s = sums.computeIfAbsent(String.join("|", fund.name(), home, service, kind.name(), care),
                    k -> new long[3]);
            s[0] = Math.addExact(s[0], 1);
            s[1] = Math.addExact(s[1], r.amount());
            s[2] = Math.addExact(s[2], r.fileAmount());
        }
        List<FundMovement> out = new ArrayList<>();
        sums.forEach((key, s) -> {
            String[] k = key.split("\\|", -1);
            out.add(new FundMovement(date, Fund.valueOf(k[0]), k[1], k[2], Kind.valueOf(k[3]), k[4], s[0], s[1], s[2]));
        });
        return out;
    }

    /**
     * The day's entry for the funds: each city's fund account ({@link Accounts#fund}) is debited with what its fund
     * paid away from home, net of reversals, against what the city's settlement advanced for its funds
     * ({@link Accounts#fundsAdvanced}); null when no fund moved.
     */
    public static JournalEntry entry(LocalDate date, List<FundMovement> movements) {
        Map<String, Long> net = new TreeMap<>();
        for (FundMovement m : movements) {
            net.merge(m.homeCity() + "|" + m.fund(), m.signedAmount(), Math::addExact);
        }
        List<Posting> p = new ArrayList<>();
        net.forEach((key, fen) -> {
            String[] k = key.split("\\|");
            String fund = Accounts.fund(k[0], k[1]);
            String advanced = Accounts.fundsAdvanced(k[0]);
            if (fen > 0) {
                p.add(Posting.debit(fund, fen));
                p.add(Posting.credit(advanced, fen));
            } else if (fen < 0) {
                p.add(Posting.credit(fund, -fen));
                p.add(Posting.debit(advanced, -fen));
            }
        });
        return p.isEmpty() ? null : new JournalEntry(date, JournalEntry.Kind.CLEARING, "FND-" + date,
                "the home cities' funds: what each paid away from home on " + date, p);
    }
}
