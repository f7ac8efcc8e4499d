package cn.yrd.onecard.record;

import cn.yrd.onecard.city.City;
import cn.yrd.onecard.privacy.Mask;
import java.time.LocalDateTime;
import java.util.Objects;

/**
 * A hospital bill paid with a citizen card: the home city's fund owes {@code fundPaid} to the service city;
 * the patient paid {@code selfPaid} at the counter. {@code total = fundPaid + selfPaid}.
 *
 * @param cardNumber the social security card number (9 characters, EF05 tag 07)
 * @param homeCity the insured person's home city (参保地), from the card's identification code
 */
public record MedicalClaim(String claimId, String cardNumber, City homeCity, City serviceCity, String hospitalId,
        LocalDateTime time, long total, long fundPaid, long selfPaid) {

    public MedicalClaim {
        Fields.checkToken("claim ID", claimId);
        Fields.checkToken("hospital ID", hospitalId);
        Objects.requireNonNull(homeCity, "home city");
        Objects.requireNonNull(serviceCity, "service city");
        Fields.checkCardNumber(cardNumber);
        Fields.check("total", total, Fields.MAX_AMOUNT);
        Fields.check("fund-paid", fundPaid, Fields.MAX_AMOUNT);
        Fields.check("self-paid", selfPaid, Fields.MAX_AMOUNT);
        if (fundPaid + selfPaid != total) {
            throw new IllegalArgumentException("fund-paid " + fundPaid + " + self-paid " + selfPaid
                    + " is not the total " + total);
        }
    }

    @Override
    public String toString() {
        return "MedicalClaim[" + claimId + ", card " + Mask.serial(cardNumber) + " of " + homeCity + " in "
                + serviceCity + ", total " + total + ", fund " + fundPaid + "]";
    }
}
