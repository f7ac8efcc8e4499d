package cn.yrd.onecard.terminal.medical;

import cn.yrd.onecard.card.SocialSecurityCard;
import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.crypto.CardCrypto;
import cn.yrd.onecard.crypto.CardKeyDiversifier;
import cn.yrd.onecard.iso.ReloadPin;
import cn.yrd.onecard.privacy.Mask;
import cn.yrd.onecard.terminal.journal.ChecksummedLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Set;
import org.apache.commons.codec.DecoderException;
import org.apache.commons.codec.binary.Hex;

/**
 * A home city's side of unblocking a citizen card's PIN away from home (issue 19, docs/social-security.md): the city's
 * social security bureau holds the cards' PIN-reload master key ({@code pin_reload-CITY}); a counter of any city,
 * whose officer has checked the holder's identity document, sends the card's identification code and the challenge
 * the card just gave, and gets the MAC of RELOAD PIN for it. The holder types the new PIN at the counter: it never
 * reaches the host. Each unblocking is written to the host's log (who, where, when), synced, before it is answered.
 * Refused, with one line, for a card not in the city's register, a holder recorded deceased, a card of another city.
 */
public final class PinUnblocking implements PinUnblocker, AutoCloseable {
    static final String LOG = "pin-reloads.log";

    /**
     * A counter's request: its own id for it, the card's identification code and number, the challenge (hex 8) the
     * card gave, how many BCD bytes the new PIN takes (the command's length, which the MAC covers), where and who.
     */
    public record Request(String requestId, String identificationCode, String cardNumber, String challenge,
            int pinBytes, City serviceCity, String counterId) {
        public Request {
            if (requestId == null || !requestId.matches("[A-Za-z0-9_-]{1,64}")) {
                throw new IllegalArgumentException("a request id is 1 to 64 of A-Z a-z 0-9 _ -");
            }
            if (challenge == null || !challenge.matches("[0-9A-F]{8}")) {
                throw new IllegalArgumentException("a challenge is 8 upper-case hex digits");
            }
            if (pinBytes < 2 || pinBytes > 6) {
                throw new IllegalArgumentException("a PIN is 2 to 6 BCD bytes");
            }
        }
    }

    /** The MAC of RELOAD PIN (hex 8), or why the home city refuses. */
    public record Answer(String mac, String refused) {
        public boolean approved() {
            return refused == null;
        }
    }

    private final InsuredRegister register;
    private final CardKeyDiversifier cards;
    private final CardCrypto crypto = new CardCrypto(SocialSecurityCard.SECURE_MESSAGING);
    private final Clock clock;
    private final ChecksummedLog log;
    private final Set<String> logged = new HashSet<>();

    /** {@code pinReloadMaster}: the city's PIN-reload master key, from its keystore. */
    public PinUnblocking(InsuredRegister register, byte[] pinReloadMaster, Path dir, Clock clock) throws IOException {
        this.register = register;
        this.cards = new CardKeyDiversifier(SocialSecurityCard.SECURE_MESSAGING, pinReloadMaster);
        this.clock = clock;
        this.log = ChecksummedLog.open(Files.createDirectories(dir).resolve(LOG));
        for (String line : log.lines()) {
            logged.add(line.split("\\|")[1]);
        }
    }

    @Override
    public synchronized Answer unblock(Request r) throws IOException {
        City home;
        try {
            home = Cities.byCode(r.identificationCode().substring(0, 4));
        } catch (RuntimeException e) {
            return new Answer(null, "the identification code names no city of the delta");
        }
        if (!home.equals(register.city())) {
            return new Answer(null, "card " + Mask.serial(r.cardNumber()) + " is " + home + "'s, not "
                    + register.city() + "'s");
        }
        InsuredRegister.Insured person = register.find(r.cardNumber()).orElse(null);
        if (person == null) {
            return new Answer(null, "card " + Mask.serial(r.cardNumber()) + " is not in the register of "
                    + register.city());
        }
        if (person.status() == InsuredRegister.Status.DECEASED) {
            return new Answer(null, "card " + Mask.serial(r.cardNumber()) + ": the holder is recorded deceased");
        }
        byte[] mac;
        try {
            mac = crypto.secureMessagingMac(cards.cardKey(SocialSecurityCard.keyInput(r.identificationCode())),
                    Hex.decodeHex(r.challenge()), ReloadPin.header(r.pinBytes()));
        } catch (DecoderException | IllegalArgumentException e) {
            return new Answer(null, "the identification code's serial is not hex");
        }
        if (logged.add(r.requestId())) {
            log.append(String.join("|", "U", r.requestId(), r.cardNumber(), r.serviceCity().code(), r.counterId(),
                    LocalDateTime.now(clock).truncatedTo(ChronoUnit.SECONDS).toString()));
        }
        return new Answer(Hex.encodeHexString(mac, false), null);
    }

    /** How many unblockings the log holds. */
    public synchronized int count() {
        return logged.size();
    }

    @Override
    public void close() throws IOException {
        log.close();
    }

    @Override
    public String toString() {
        return "PinUnblocking[" + register.city() + ", key redacted]";
    }
}
