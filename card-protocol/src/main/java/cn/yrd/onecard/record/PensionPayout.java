package cn.yrd.onecard.record;

import cn.yrd.onecard.city.City;
import cn.yrd.onecard.privacy.Mask;
import java.time.LocalDateTime;
import java.util.Objects;

/**
 * Pension business at an agent in the service city: a payout the home city's fund owes the service city, or
 * a proof of life (待遇资格认证), which moves no money.
 *
 * @param authorisation the home city's pension host's MAC of the business ({@code HomeAuthorisation}), 16 hex digits;
 *        empty when none came, which clearing holds in suspense
 */
public record PensionPayout(String payoutId, String cardNumber, City homeCity, City serviceCity, String agentId,
        LocalDateTime time, Kind kind, long amount, String authorisation) {

    public enum Kind {
        PAYOUT,
        PROOF_OF_LIFE
    }

    public PensionPayout {
        Fields.checkToken("payout ID", payoutId);
        Fields.checkToken("agent ID", agentId);
        Objects.requireNonNull(homeCity, "home city");
        Objects.requireNonNull(serviceCity, "service city");
        Objects.requireNonNull(kind, "kind");
        Fields.checkCardNumber(cardNumber);
        Fields.check("amount", amount, Fields.MAX_AMOUNT);
        Fields.checkAuthorisation(authorisation);
        if (kind == Kind.PROOF_OF_LIFE && amount != 0) {
            throw new IllegalArgumentException("a proof of life moves no money, amount must be 0");
        }
    }

    /** The same business with {@code mac} as its home host's authorisation. */
    public PensionPayout authorisedBy(String mac) {
        return new PensionPayout(payoutId, cardNumber, homeCity, serviceCity, agentId, time, kind, amount, mac);
    }

    @Override
    public String toString() {
        return "PensionPayout[" + payoutId + " " + kind + ", card " + Mask.serial(cardNumber) + " of " + homeCity
                + " in " + serviceCity + ", " + amount + " fen]";
    }
}
