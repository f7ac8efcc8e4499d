package cn.yrd.onecard.terminal.host;

import cn.yrd.onecard.card.CardSerial;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.crypto.CardAlgorithm;
import java.time.LocalDateTime;

/**
 * A kiosk asking the card's issuing city to authorise a load: everything the host needs to check the card's
 * MAC1 and compute MAC2. {@code requestId} is the kiosk's: asking again with it gets the same answer.
 */
public record LoadRequest(String requestId, CardSerial card, City issuer, CardAlgorithm algorithm, int onlineAtc,
        String random, long oldBalance, long amount, String terminalNo, LocalDateTime time, String mac1) {

    /** What must not change between two requests with the same id. */
    String fingerprint() {
        return String.join("|", card.digits(), issuer.code(), algorithm.name(), Integer.toString(onlineAtc), random,
                Long.toString(oldBalance), Long.toString(amount), terminalNo, time.toString(), mac1);
    }
}
