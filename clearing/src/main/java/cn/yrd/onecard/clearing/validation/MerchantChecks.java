package cn.yrd.onecard.clearing.validation;

import cn.yrd.onecard.card.Industry;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.dayfile.DayFileKind;
import cn.yrd.onecard.dayfile.RecordFormats;
import cn.yrd.onecard.record.TransitRecord;
import cn.yrd.onecard.registry.MerchantRegister.Category;
import cn.yrd.onecard.registry.MerchantRegister.Merchant;
import cn.yrd.onecard.registry.MerchantRegisters;
import java.util.Locale;
import java.util.Optional;

/**
 * The checks a merchant payment must pass besides a purse record's (docs/clearing.md, "Merchant payments"): it came
 * in a MERCHANT file, its merchant is registered, by the acquirer that sent the file and in the city the record
 * names, and its category takes the card's type. The merchant found is what its fee is computed from.
 */
public final class MerchantChecks {
    private final MerchantRegisters registers;
    private final City sender;

    /** The checks of the records of one file, sent by {@code sender}. */
    public MerchantChecks(MerchantRegisters registers, City sender) {
        this.registers = registers;
        this.sender = sender;
    }

    /** The merchant a payment is for, when it passed; otherwise why it goes to suspense. */
    public record Outcome(Merchant merchant, Verdict verdict) {
    }

    /**
     * {@code r} from a file of {@code kind}; null when {@code r} is no merchant payment (a ride or a load, which these
     * checks leave alone).
     */
    public Outcome check(TransitRecord r, DayFileKind kind) {
        if (r.industry() != Industry.MERCHANT) {
            return null;
        }
        if (kind != DayFileKind.MERCHANT) {
            return suspend(Reason.MERCHANT_IN_TRANSIT, "a payment to merchant " + merchantId(r) + " in a " + kind
                    + " file");
        }
        String id = merchantId(r);
        Optional<Merchant> found = registers.anywhere(id);
        if (found.isEmpty()) {
            return suspend(Reason.UNKNOWN_MERCHANT, registers.of(r.acquirer()).isEmpty()
                    ? "the centre has no merchant register of " + r.acquirer().code()
                    : "merchant " + id + " is not in " + r.acquirer().code() + "'s register");
        }
        Merchant m = found.get();
        if (!m.city().equals(sender) || !m.city().equals(r.acquirer())) {
            return suspend(Reason.MERCHANT_ELSEWHERE, "merchant " + id + " is " + m.city().code() + "'s, the file is "
                    + sender.code() + "'s and the record names " + r.acquirer().code());
        }
        if (!m.category().allows(r.cardType())) {
            return suspend(Reason.CATEGORY, "a " + r.cardType().name().toLowerCase(Locale.ROOT) + " card paid "
                    + m.category() + " merchant " + id);
        }
        Optional<String> bill = RecordFormats.billNo(r);
        if (bill.isPresent() && m.category() != Category.UTILITY) {
            return suspend(Reason.NOT_A_BILLER, "bill " + bill.get() + " paid to " + m.category() + " merchant " + id);
        }
        return new Outcome(m, Verdict.ACCEPTED);
    }

    private static String merchantId(TransitRecord r) {
        return r.operatorId().substring(1);
    }

    private static Outcome suspend(Reason reason, String detail) {
        return new Outcome(null, Verdict.suspend(reason, detail));
    }
}
