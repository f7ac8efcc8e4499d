package cn.yrd.onecard.terminal.medical;

import cn.yrd.onecard.record.MedicalCare;
import cn.yrd.onecard.money.Fen;

/**
 * How a home city's policy splits one bill of one of its insured, given what the person's year has used so far
 * (docs/social-security.md, "The home city's rules"):
 * <ol>
 *   <li>the deductible still open this year is met first: the pooled fund pays none of it;</li>
 *   <li>of the rest the pooled fund pays its share for the hospital's level and the kind of care, rounded down to the
 *       fen, and never more than what is left of the person's annual cap;</li>
 *   <li>what the fund does not pay, the individual account pays first, as far as its balance goes, and the patient
 *       the remainder (from the purse or in cash).</li>
 * </ol>
 * Pure arithmetic on fen, every sum overflow-checked, the parts checked to add up to the bill.
 */
public final class Reimbursement {
    private Reimbursement() {
    }

    /** What a person's year has used so far: of the deductible, and of the annual cap (what the fund paid). */
    public record Year(long deductibleMet, long fundPaid) {
        public static final Year NONE = new Year(0, 0);

        /** The year once {@code split} is paid. */
        public Year plus(Split split) {
            return new Year(Math.addExact(deductibleMet, split.deductible()), Math.addExact(fundPaid, split.fundPaid()));
        }

        /** The year once {@code split} is reversed. */
        public Year minus(Split split) {
            return new Year(Math.subtractExact(deductibleMet, split.deductible()),
                    Math.subtractExact(fundPaid, split.fundPaid()));
        }
    }

    /**
     * One bill split: {@code deductible} is the part of it that met the deductible; the fund, the individual account and
     * the patient pay {@code fundPaid + accountPaid + selfPaid = total}. {@code capReached} when the fund would have
     * paid more but for the annual cap.
     */
    public record Split(long total, long deductible, long fundPaid, long accountPaid, long selfPaid,
            boolean capReached) {
        public Split {
            if (total <= 0 || deductible < 0 || fundPaid < 0 || accountPaid < 0 || selfPaid < 0 || deductible > total
                    || Math.addExact(Math.addExact(fundPaid, accountPaid), selfPaid) != total) {
                throw new IllegalStateException("a bill of " + Fen.asYuan(total) + " split into fund " + Fen.asYuan(
                        fundPaid) + ", account " + Fen.asYuan(accountPaid) + ", patient " + Fen.asYuan(selfPaid)
                        + " does not add up");
            }
        }
    }

    /** The split of a bill of {@code total} fen for {@code care}, with {@code account} fen in the individual account. */
    public static Split of(MedicalPolicy policy, Year soFar, long account, long total, MedicalCare care) {
        if (total <= 0) {
            throw new IllegalArgumentException("a bill is more than 0.00 yuan, got " + Fen.asYuan(total));
        }
        long open = Math.max(0, Math.subtractExact(policy.deductible(), soFar.deductibleMet()));
        long deductible = Math.min(total, open);
        long above = Math.subtractExact(total, deductible);
        long byRatio = Math.multiplyExact(above, policy.ratio(care)) / 10_000;
        long capLeft = Math.max(0, Math.subtractExact(policy.annualCap(), soFar.fundPaid()));
        long fund = Math.min(byRatio, capLeft);
        long patient = Math.subtractExact(total, fund);
        long fromAccount = Math.min(Math.max(0, account), patient);
        return new Split(total, deductible, fund, fromAccount, Math.subtractExact(patient, fromAccount),
                byRatio > capLeft);
    }
}
