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

    /**
     * The social security side of a citizen card; {@code pinReloadKey} is its own PIN-reload key (diversified from its
     * home city's master by {@link SocialSecurityCard#keyInput()}), or null for a card whose PIN no one can reload.
     */
    public record Citizen(SocialSecurityCard card, InsuredPerson person, String pin, byte[] pinReloadKey) {
        public Citizen {
            Pin.encode(pin);
            if (pinReloadKey != null && pinReloadKey.length != 16) {
                throw new IllegalArgumentException("the PIN-reload key is 16 bytes");
            }
            pinReloadKey = pinReloadKey == null ? null : pinReloadKey.clone();
        }

        /** A card whose PIN no one can reload. */
        public Citizen(SocialSecurityCard card, InsuredPerson person, String pin) {
            this(card, person, pin, null);
        }

        /** Personalised with its home city's PIN-reload master key. */
        public static Citizen personalised(SocialSecurityCard card, InsuredPerson person, String pin,
                byte[] pinReloadMaster) {
            return new Citizen(card, person, pin, new cn.yrd.onecard.crypto.CardKeyDiversifier(
                    SocialSecurityCard.SECURE_MESSAGING, pinReloadMaster).cardKey(card.keyInput()));
        }

        @Override
        public byte[] pinReloadKey() {
            return pinReloadKey == null ? null : pinReloadKey.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Citizen c && card.equals(c.card) && person.equals(c.person) && pin.equals(c.pin)
                    && java.util.Arrays.equals(pinReloadKey, c.pinReloadKey);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(card, person, pin);
        }

        @Override
        public String toString() {
            return "Citizen[" + card + ", " + person + ", PIN and keys redacted]";
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
