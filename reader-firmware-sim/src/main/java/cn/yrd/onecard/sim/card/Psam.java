package cn.yrd.onecard.sim.card;

import cn.yrd.onecard.apdu.Bcd;
import cn.yrd.onecard.apdu.CommandApdu;
import cn.yrd.onecard.apdu.ResponseApdu;
import cn.yrd.onecard.apdu.StatusWord;
import cn.yrd.onecard.card.CardSerial;
import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.crypto.CardAlgorithm;
import cn.yrd.onecard.crypto.CardCrypto;
import cn.yrd.onecard.crypto.Purchase;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.codec.DecoderException;
import org.apache.commons.codec.binary.Hex;

/**
 * The terminal's secure module (ADF {@code 8011}): counts TTC, computes a purchase's MAC1 from the issuing
 * city's purchase master key (8070), checks the card's MAC2 (8072), and MACs secure-messaging commands
 * such as APPLICATION BLOCK under the card's maintenance key (801A DES INIT, then 80FA DES).
 *
 * <p>Our DES INIT / DES, which the public profile leaves to JT/T 978: {@code 80 1A 28 <alg id> 10}
 * with the card serial(8) ‖ issuer ID(8) selects the issuing city's maintenance master key and
 * diversifies it for the card under the card's algorithm (P2 = its alg id, 00 or 04); {@code 80 FA 05 00 <Lc>} with challenge(4) ‖ the command bytes to protect
 * answers the 4-byte secure-messaging MAC.
 */
final class Psam implements Application {
    static final byte[] ADF = {(byte) 0x80, 0x11};
    private static final int KEY_USAGE_MAINTENANCE = 0x28;

    private record Session(CardCrypto crypto, byte[] sessionKey, long amount) {
    }

    private final Eeprom eeprom;
    private final PsamSpec spec;
    private final byte[] terminalNo;
    private long ttc;
    private Session session;
    private CardCrypto macCrypto;
    private byte[] macKey;

    Psam(Eeprom eeprom, PsamSpec spec) {
        this.eeprom = eeprom;
        this.spec = spec;
        this.ttc = spec.ttc();
        try {
            this.terminalNo = Hex.decodeHex(spec.terminalNo());
        } catch (DecoderException e) {
            throw new IllegalArgumentException("PSAM terminal number is not hex");
        }
    }

    long ttc() {
        return ttc;
    }

    @Override
    public boolean answersTo(int p1, byte[] id) {
        return p1 == 0x00 && Arrays.equals(id, ADF);
    }

    @Override
    public ResponseApdu select() {
        return ResponseApdu.of(StatusWord.OK);
    }

    @Override
    public void reset() {
        session = null;
        macCrypto = null;
        macKey = null;
    }

    @Override
    public ResponseApdu process(CommandApdu c) {
        return switch (c.ins()) {
            case 0xB0 -> c.cla() == 0x00 ? readTerminalNo(c) : ResponseApdu.of(StatusWord.CLA_NOT_SUPPORTED);
            case 0x70 -> c.cla() == 0x80 ? initForPurchase(c) : ResponseApdu.of(StatusWord.CLA_NOT_SUPPORTED);
            case 0x72 -> c.cla() == 0x80 ? creditForPurchase(c) : ResponseApdu.of(StatusWord.CLA_NOT_SUPPORTED);
            case 0x1A -> c.cla() == 0x80 ? desInit(c) : ResponseApdu.of(StatusWord.CLA_NOT_SUPPORTED);
            case 0xFA -> c.cla() == 0x80 ? des(c) : ResponseApdu.of(StatusWord.CLA_NOT_SUPPORTED);
            default -> ResponseApdu.of(StatusWord.INS_NOT_SUPPORTED);
        };
    }

    private ResponseApdu readTerminalNo(CommandApdu c) {
        if (c.p1() != 0x96 || c.p2() != 0x00) {
            return c.p1() >= 0x80 ? ResponseApdu.of(StatusWord.FILE_NOT_FOUND) : ResponseApdu.of(StatusWord.WRONG_P1_P2);
        }
        return ResponseApdu.ok(terminalNo);
    }

    /** 8070: random(4) ATC(2) amount(4) type(1) date-time(7) key version(1) alg id(1) serial(8) issuer ID(8). */
    private ResponseApdu initForPurchase(CommandApdu c) {
        if (c.p1() != 0 || c.p2() != 0) {
            return ResponseApdu.of(StatusWord.WRONG_P1_P2);
        }
        if (c.lc() != 0x24) {
            return ResponseApdu.of(StatusWord.WRONG_LENGTH);
        }
        session = null;
        ByteBuffer d = ByteBuffer.wrap(c.data());
        byte[] random = new byte[4];
        d.get(random);
        int atc = d.getShort() & 0xFFFF;
        long amount = d.getInt() & 0xFFFFFFFFL;
        int type = d.get() & 0xFF;
        byte[] dateTime = new byte[7];
        d.get(dateTime);
        d.get(); // key version: one version per city in the simulator
        int algId = d.get() & 0xFF;
        byte[] serial = new byte[8];
        d.get(serial);
        byte[] issuerId = new byte[8];
        d.get(issuerId);
        CardAlgorithm alg;
        LocalDateTime time;
        CardSerial cardSerial;
        City city;
        try {
            alg = CardAlgorithm.ofId(algId);
            time = Bcd.toDateTime(dateTime, 0);
            cardSerial = CardSerial.fromBytes(serial);
            city = Cities.fromBcd(issuerId, 2);
        } catch (IllegalArgumentException e) {
            return ResponseApdu.of(StatusWord.WRONG_DATA);
        }
        byte[] master = spec.purchaseKeys().apply(city);
        if (master == null) {
            return ResponseApdu.of(StatusWord.KEY_NOT_FOUND);
        }
        long next = (ttc + 1) & 0xFFFFFFFFL;
        eeprom.commit(List.of(() -> ttc = next));
        CardCrypto crypto = new CardCrypto(alg);
        byte[] sessionKey = crypto.purchaseSessionKey(crypto.diversify(master, cardSerial), random, atc, next);
        byte[] mac1 = crypto.purchaseMac1(sessionKey,
                new Purchase(amount, type, Hex.encodeHexString(terminalNo, false), next, time));
        session = new Session(crypto, sessionKey, amount);
        return ResponseApdu.ok(ByteBuffer.allocate(8).putInt((int) next).put(mac1).array());
    }

    private ResponseApdu creditForPurchase(CommandApdu c) {
        if (c.p1() != 0 || c.p2() != 0) {
            return ResponseApdu.of(StatusWord.WRONG_P1_P2);
        }
        if (c.lc() != 4) {
            return ResponseApdu.of(StatusWord.WRONG_LENGTH);
        }
        Session s = session;
        session = null;
        if (s == null) {
            return ResponseApdu.of(StatusWord.COMMAND_OUT_OF_SEQUENCE);
        }
        boolean ok = MessageDigest.isEqual(s.crypto().purchaseMac2(s.sessionKey(), s.amount()), c.data());
        return ResponseApdu.of(ok ? StatusWord.OK : StatusWord.MAC_INVALID);
    }

    private ResponseApdu desInit(CommandApdu c) {
        if (c.p1() != KEY_USAGE_MAINTENANCE) {
            return ResponseApdu.of(StatusWord.KEY_NOT_FOUND);
        }
        if (c.lc() != 16) {
            return ResponseApdu.of(StatusWord.WRONG_LENGTH);
        }
        byte[] d = c.data();
        CardSerial serial;
        City city;
        CardAlgorithm alg;
        try {
            alg = CardAlgorithm.ofId(c.p2());
        } catch (IllegalArgumentException e) {
            return ResponseApdu.of(StatusWord.WRONG_P1_P2);
        }
        try {
            serial = CardSerial.fromBytes(Arrays.copyOf(d, 8));
            city = Cities.fromBcd(d, 10);
        } catch (IllegalArgumentException e) {
            return ResponseApdu.of(StatusWord.WRONG_DATA);
        }
        byte[] master = spec.maintenanceKeys().apply(city);
        if (master == null) {
            return ResponseApdu.of(StatusWord.KEY_NOT_FOUND);
        }
        macCrypto = new CardCrypto(alg);
        macKey = macCrypto.diversify(master, serial);
        return ResponseApdu.of(StatusWord.OK);
    }

    private ResponseApdu des(CommandApdu c) {
        if (c.p1() != 0x05 || c.p2() != 0x00) {
            return ResponseApdu.of(StatusWord.WRONG_P1_P2);
        }
        if (macKey == null) {
            return ResponseApdu.of(StatusWord.COMMAND_OUT_OF_SEQUENCE);
        }
        if (c.lc() < 5) {
            return ResponseApdu.of(StatusWord.WRONG_LENGTH);
        }
        byte[] d = c.data();
        return ResponseApdu.ok(macCrypto.secureMessagingMac(macKey, Arrays.copyOf(d, 4),
                Arrays.copyOfRange(d, 4, d.length)));
    }
}
