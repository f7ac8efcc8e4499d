package cn.yrd.onecard.settlement.api;

import org.springframework.stereotype.Component;

/**
 * Whether a holder proved a card is theirs to a counter: their city app's token listing the card, checked as the
 * balance API checks it (a kiosk's query secret proves no ownership: whoever holds the slip has it).
 */
@Component
public class HolderProof {
    private final CardAccess access;

    HolderProof(CardAccess access) {
        this.access = access;
    }

    public boolean proves(String card, String token) {
        if (token == null || token.isBlank()) {
            return false;
        }
        try {
            return access.check(card, "Bearer " + token.strip(), null) == CardAccess.Verdict.ALLOWED;
        } catch (CardAccess.InvalidToken e) {
            return false;
        }
    }
}
