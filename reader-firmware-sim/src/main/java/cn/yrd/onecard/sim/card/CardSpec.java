package cn.yrd.onecard.sim.card;

import cn.yrd.onecard.card.CardSerial;
import cn.yrd.onecard.card.CardType;
import cn.yrd.onecard.card.HolderInfo;
import cn.yrd.onecard.card.InsuredPerson;
import cn.yrd.onecard.card.Pin;
import cn.yrd.onecard.card.SocialSecurityCard;
import cn.yrd.onecard.city.City;
import java.time.LocalDate;
import java.util.Objects;

/**
 * Everything a card is issued with: what the personalisation file says, keys already diversified. A
 * citizen card also carries its social security data and PIN; a transit card has {@code citizen == null}.
 *
 * @param appSerial the 20-digit application serial of file 0x15; its last 16 digits are the card serial
 */
public record CardSpec(City city, CardType cardType, String appSerial, LocalDate startDate, LocalDate expiryDate,
        HolderInfo holder, long balance, PurseKeys keys, Citizen citizen) {

    /** The social security side of a citizen card. */
    public record Citizen(SocialSecurityCard card, InsuredPerson person, String pin) {
        public Citizen {
            Pin.encode(pin);
        }

        @Override
        public String toString() {
            return "Citizen[" + card + ", " + person + ", PIN redacted]";
        }
    }

    public CardSpec {
        Objects.requireNonNull(city, "city");
        Objects.requireNonNull(cardType, "card type");
        Objects.requireNonNull(keys, "keys");
        if (appSerial == null || !appSerial.matches("\\d{20}")) {
            throw new IllegalArgumentException("app serial must be 20 digits");
        }
        if (balance < 0 || balance > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("balance must be 0..4294967295 fen, got " + balance);
        }
    }

    public CardSerial serial() {
        return CardSerial.of(appSerial.substring(4));
    }
}
