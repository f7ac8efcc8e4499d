package cn.yrd.onecard.sim.card;

import cn.yrd.onecard.apdu.CommandApdu;
import cn.yrd.onecard.apdu.MalformedApduException;
import cn.yrd.onecard.apdu.ResponseApdu;
import cn.yrd.onecard.apdu.StatusWord;
import cn.yrd.onecard.apdu.Tlv;
import cn.yrd.onecard.card.InsuredPerson;
import cn.yrd.onecard.card.Pin;
import cn.yrd.onecard.card.SocialSecurityCard;
import cn.yrd.onecard.iso.ReadBinary;
import cn.yrd.onecard.iso.ReadRecord;
import cn.yrd.onecard.iso.Select;
import cn.yrd.onecard.iso.ChangePin;
import cn.yrd.onecard.iso.GetChallenge;
import cn.yrd.onecard.iso.ReloadPin;
import cn.yrd.onecard.iso.VerifyPin;
import cn.yrd.onecard.crypto.CardCrypto;
import java.util.random.RandomGenerator;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The social security environment of a citizen card ({@code sx1.sh.社会保障}): EF05 and EF06 as TLV records
 * readable without a PIN, and the PIN with its try counter. Medical and pension business checks the PIN
 * before it records anything. The holder changes the PIN knowing the old one (CHANGE PIN); a blocked PIN is reloaded
 * on its home city's word (GET CHALLENGE, then RELOAD PIN with a MAC under the application's PIN-reload key).
 */
final class SocialSecurity implements Application {
    static final int PIN_TRIES = 3;

    private final Eeprom eeprom;
    private final Map<Integer, Map<Integer, Tlv>> files = new HashMap<>();
    private byte[] pin;
    private int triesLeft = PIN_TRIES;
    private boolean verified;
    private final byte[] pinReloadKey;
    private final CardCrypto crypto;
    private final RandomGenerator random;
    private byte[] challenge;

    SocialSecurity(Eeprom eeprom, CardSpec.Citizen citizen, RandomGenerator random) {
        this.eeprom = eeprom;
        this.files.put(SocialSecurityCard.SFI, byTag(citizen.card().records()));
        this.files.put(InsuredPerson.SFI, byTag(citizen.person().records()));
        this.pin = Pin.encode(citizen.pin());
        this.pinReloadKey = citizen.pinReloadKey();
        this.crypto = new CardCrypto(SocialSecurityCard.SECURE_MESSAGING);
        this.random = random;
    }

    boolean isPinVerified() {
        return verified;
    }

    int pinTriesLeft() {
        return triesLeft;
    }

    @Override
    public boolean answersTo(Select select) {
        return Select.SOCIAL_SECURITY.names(select);
    }

    @Override
    public ResponseApdu select() {
        return ResponseApdu.ok(Tlv.constructed(0x6F, Tlv.of(0x84, Select.SOCIAL_SECURITY.id())).encode());
    }

    @Override
    public void reset() {
        verified = false;
        challenge = null;
    }

    @Override
    public ResponseApdu process(CommandApdu c) {
        try {
            return switch (c.ins()) {
                case ReadRecord.INS -> readRecord(ReadRecord.read(c));
                case ReadBinary.INS -> readBinary(ReadBinary.read(c));
                case VerifyPin.INS -> VerifyPin.asksStatus(c) ? pinStatus() : verifyPin(VerifyPin.read(c));
                case GetChallenge.INS -> challenge(c);
                case ReloadPin.INS -> c.cla() == ReloadPin.CLA ? reloadPin(ReloadPin.read(c)) : changePin(ChangePin.read(c));
                default -> ResponseApdu.of(StatusWord.INS_NOT_SUPPORTED);
            };
        } catch (MalformedApduException e) {
            return e.answer();
        }
    }

    /**
     * Its files are all record files: one that is there is not binary ({@code 6981}), as the purse answers. It selects
     * no EF: a read of the current EF has none ({@code 6986}).
     */
    private ResponseApdu readBinary(ReadBinary c) {
        if (c.sfi() == ReadBinary.CURRENT_EF) {
            return ResponseApdu.of(StatusWord.NO_CURRENT_EF);
        }
        return ResponseApdu.of(files.containsKey(c.sfi()) ? StatusWord.INCOMPATIBLE_FILE_STRUCTURE
                : StatusWord.FILE_NOT_FOUND);
    }

    /** One record by its tag (mode 4); these files have no "all records from". */
    private ResponseApdu readRecord(ReadRecord c) {
        if (c.all()) {
            return ResponseApdu.of(StatusWord.WRONG_P1_P2);
        }
        if (c.sfi() == ReadBinary.CURRENT_EF) {
            return ResponseApdu.of(StatusWord.NO_CURRENT_EF);
        }
        Map<Integer, Tlv> file = files.get(c.sfi());
        if (file == null) {
            return ResponseApdu.of(StatusWord.FILE_NOT_FOUND);
        }
        Tlv record = file.get(c.number());
        return record == null ? ResponseApdu.of(StatusWord.RECORD_NOT_FOUND) : ResponseApdu.ok(record.encode());
    }

    /** VERIFY without data: whether the PIN still needs verifying, nothing spent. */
    private ResponseApdu pinStatus() {
        if (triesLeft == 0) {
            return ResponseApdu.of(StatusWord.PIN_BLOCKED);
        }
        return verified ? ResponseApdu.of(StatusWord.OK)
                : new ResponseApdu(new byte[0], StatusWord.wrongPin(triesLeft));
    }

    private ResponseApdu verifyPin(VerifyPin c) {
        if (triesLeft == 0) {
            return ResponseApdu.of(StatusWord.PIN_BLOCKED);
        }
        if (MessageDigest.isEqual(pin, c.bcd())) {
            if (triesLeft != PIN_TRIES) {
                eeprom.commit(List.of(() -> triesLeft = PIN_TRIES));
            }
            verified = true;
            return ResponseApdu.of(StatusWord.OK);
        }
        int left = triesLeft - 1;
        eeprom.commit(List.of(() -> triesLeft = left));
        verified = false;
        return new ResponseApdu(new byte[0], StatusWord.wrongPin(left));
    }

    private ResponseApdu challenge(CommandApdu c) throws MalformedApduException {
        GetChallenge.read(c);
        challenge = new byte[GetChallenge.LENGTH];
        random.nextBytes(challenge);
        return ResponseApdu.ok(challenge.clone());
    }

    /** On the home city's word: the new PIN, every try back. A challenge serves one command, right or wrong. */
    private ResponseApdu reloadPin(ReloadPin c) {
        byte[] issued = challenge;
        challenge = null;
        if (pinReloadKey == null) {
            return ResponseApdu.of(StatusWord.CONDITIONS_NOT_SATISFIED);
        }
        if (issued == null) {
            return ResponseApdu.of(StatusWord.NO_CHALLENGE);
        }
        if (!MessageDigest.isEqual(crypto.secureMessagingMac(pinReloadKey, issued,
                ReloadPin.header(c.bcd().length)), c.mac())) {
            return ResponseApdu.of(StatusWord.SECURE_MESSAGING_MAC_INVALID);
        }
        byte[] fresh = c.bcd();
        eeprom.commit(List.of(() -> pin = fresh, () -> triesLeft = PIN_TRIES));
        verified = false;
        return ResponseApdu.of(StatusWord.OK);
    }

    /** The old PIN checked as VERIFY PIN checks it, tries and all; then the new one holds. */
    private ResponseApdu changePin(ChangePin c) {
        ResponseApdu old = verifyPin(new VerifyPin(c.oldBcd()));
        if (old.sw() != StatusWord.OK.code()) {
            return old;
        }
        byte[] fresh = c.newBcd();
        eeprom.commit(List.of(() -> pin = fresh));
        return ResponseApdu.of(StatusWord.OK);
    }

    private static Map<Integer, Tlv> byTag(List<Tlv> records) {
        Map<Integer, Tlv> m = new HashMap<>();
        for (Tlv t : records) {
            m.put(t.tag(), t);
        }
        return m;
    }
}
