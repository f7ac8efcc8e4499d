package cn.yrd.onecard.record;

import cn.yrd.onecard.city.City;
import cn.yrd.onecard.privacy.Mask;
import java.time.LocalDateTime;
import java.util.Objects;

/**
 * A hospital bill paid with a citizen card: the home city's fund owes {@code fundPaid} to the service city;
 * the patient paid {@code selfPaid} at the counter. {@code total = fundPaid + selfPaid}. A {@link Kind#REVERSAL}
 * cancels a claim the home city approved earlier (its id is the claim's with {@code -R}, its amounts the claim's): the
 * service city owes the fund its part back.
 *
 * @param cardNumber the social security card number (9 characters, EF05 tag 07)
 * @param homeCity the insured person's home city (参保地), from the card's identification code
 * @param care the hospital's level and inpatient or outpatient care, as the home city computed the claim
 * @param authorisation the home city's medical host's MAC of the claim ({@code HomeAuthorisation}), 16 hex digits;
 *        empty when none came, which clearing holds in suspense
 */
public record MedicalClaim(String claimId, String cardNumber, City homeCity, City serviceCity, String hospitalId,
        LocalDateTime time, Kind kind, MedicalCare care, long total, long fundPaid, long selfPaid,
        String authorisation) {

    public enum Kind {
        CLAIM,
        REVERSAL
    }

    public MedicalClaim {
        Fields.checkToken("claim ID", claimId);
        Fields.checkToken("hospital ID", hospitalId);
        Objects.requireNonNull(homeCity, "home city");
        Objects.requireNonNull(serviceCity, "service city");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(care, "care");
        Fields.checkCardNumber(cardNumber);
        Fields.check("total", total, Fields.MAX_AMOUNT);
        Fields.check("fund-paid", fundPaid, Fields.MAX_AMOUNT);
        Fields.check("self-paid", selfPaid, Fields.MAX_AMOUNT);
        Fields.checkAuthorisation(authorisation);
        if (fundPaid + selfPaid != total) {
            throw new IllegalArgumentException("fund-paid " + fundPaid + " + self-paid " + selfPaid
                    + " is not the total " + total);
        }
    }

    /** The same claim with {@code mac} as its home host's authorisation. */
    public MedicalClaim authorisedBy(String mac) {
        return new MedicalClaim(claimId, cardNumber, homeCity, serviceCity, hospitalId, time, kind, care, total,
                fundPaid, selfPaid, mac);
    }

    @Override
    public String toString() {
        return "MedicalClaim[" + claimId + (kind == Kind.REVERSAL ? " REVERSAL" : "") + ", card "
                + Mask.serial(cardNumber) + " of " + homeCity + " in "
                + serviceCity + ", total " + total + ", fund " + fundPaid + "]";
    }
}
