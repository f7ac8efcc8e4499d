package cn.yrd.onecard.sim.card;

import cn.yrd.onecard.apdu.CommandApdu;
import cn.yrd.onecard.apdu.ResponseApdu;
import cn.yrd.onecard.apdu.StatusWord;
import cn.yrd.onecard.apdu.Tlv;
import cn.yrd.onecard.card.InsuredPerson;
import cn.yrd.onecard.card.Pin;
import cn.yrd.onecard.card.SocialSecurityCard;
import java.nio.charset.Charset;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The social security environment of a citizen card ({@code sx1.sh.社会保障}): EF05 and EF06 as TLV records
 * readable without a PIN, and the PIN with its try counter. Medical and pension business checks the PIN
 * before it records anything.
 */
final class SocialSecurity implements Application {
    static final byte[] NAME = "sx1.sh.社会保障".getBytes(Charset.forName("GBK"));
    static final int PIN_TRIES = 3;

    private final Eeprom eeprom;
    private final Map<Integer, Map<Integer, Tlv>> files = new HashMap<>();
    private final byte[] pin;
    private int triesLeft = PIN_TRIES;
    private boolean verified;

    SocialSecurity(Eeprom eeprom, SocialSecurityCard card, InsuredPerson person, String pinDigits) {
        this.eeprom = eeprom;
        this.files.put(SocialSecurityCard.SFI, byTag(card.records()));
        this.files.put(InsuredPerson.SFI, byTag(person.records()));
        this.pin = Pin.encode(pinDigits);
    }

    boolean isPinVerified() {
        return verified;
    }

    int pinTriesLeft() {
        return triesLeft;
    }

    @Override
    public boolean answersTo(int p1, byte[] id) {
        return p1 == 0x04 && Arrays.equals(id, NAME);
    }

    @Override
    public ResponseApdu select() {
        return ResponseApdu.ok(Tlv.constructed(0x6F, Tlv.of(0x84, NAME)).encode());
    }

    @Override
    public void reset() {
        verified = false;
    }

    @Override
    public ResponseApdu process(CommandApdu c) {
        if (c.cla() != 0x00) {
            return ResponseApdu.of(StatusWord.CLA_NOT_SUPPORTED);
        }
        return switch (c.ins()) {
            case 0xB2 -> readRecord(c);
            case 0x20 -> verifyPin(c);
            default -> ResponseApdu.of(StatusWord.INS_NOT_SUPPORTED);
        };
    }

    private ResponseApdu readRecord(CommandApdu c) {
        if ((c.p2() & 0x07) != 4) {
            return ResponseApdu.of(StatusWord.WRONG_P1_P2);
        }
        Map<Integer, Tlv> file = files.get(c.p2() >>> 3);
        if (file == null) {
            return ResponseApdu.of(StatusWord.FILE_NOT_FOUND);
        }
        Tlv record = file.get(c.p1());
        return record == null ? ResponseApdu.of(StatusWord.RECORD_NOT_FOUND) : ResponseApdu.ok(record.encode());
    }

    private ResponseApdu verifyPin(CommandApdu c) {
        if (c.p1() != 0 || c.p2() != 0) {
            return ResponseApdu.of(StatusWord.WRONG_P1_P2);
        }
        if (c.lc() < 2 || c.lc() > 6) {
            return ResponseApdu.of(StatusWord.WRONG_LENGTH);
        }
        if (triesLeft == 0) {
            return ResponseApdu.of(StatusWord.PIN_BLOCKED);
        }
        if (MessageDigest.isEqual(pin, c.data())) {
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

    private static Map<Integer, Tlv> byTag(List<Tlv> records) {
        Map<Integer, Tlv> m = new HashMap<>();
        for (Tlv t : records) {
            m.put(t.tag(), t);
        }
        return m;
    }
}
