package cn.yrd.onecard.sim.card;

import cn.yrd.onecard.apdu.CommandApdu;
import cn.yrd.onecard.apdu.MalformedApduException;
import cn.yrd.onecard.apdu.ResponseApdu;
import cn.yrd.onecard.apdu.StatusWord;
import cn.yrd.onecard.crypto.CardCrypto;
import cn.yrd.onecard.crypto.Purchase;
import cn.yrd.onecard.iso.ReadBinary;
import cn.yrd.onecard.iso.Select;
import cn.yrd.onecard.psam.CreditSamForPurchase;
import cn.yrd.onecard.psam.Des;
import cn.yrd.onecard.psam.DesInit;
import cn.yrd.onecard.psam.InitSamForPurchase;
import cn.yrd.onecard.psam.ReadTerminalNumber;
import cn.yrd.onecard.psam.SelectPsamApplication;
import java.security.MessageDigest;
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
    public boolean answersTo(Select select) {
        return SelectPsamApplication.COMMAND.names(select);
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
        try {
            return switch (c.ins()) {
                case ReadTerminalNumber.INS -> readTerminalNo(c);
                case InitSamForPurchase.INS -> initForPurchase(InitSamForPurchase.read(c));
                case CreditSamForPurchase.INS -> creditForPurchase(CreditSamForPurchase.read(c));
                case DesInit.INS -> desInit(DesInit.read(c));
                case Des.INS -> des(Des.read(c));
                default -> ResponseApdu.of(StatusWord.INS_NOT_SUPPORTED);
            };
        } catch (MalformedApduException e) {
            return e.answer();
        }
    }

    private ResponseApdu readTerminalNo(CommandApdu c) throws MalformedApduException {
        ReadTerminalNumber.read(c);
        return ReadBinary.answer(terminalNo, 0, ReadBinary.expected(c));
    }

    /** INIT SAM FOR PURCHASE: the next TTC and MAC1 of the purchase, under the card's diversified purchase key. */
    private ResponseApdu initForPurchase(InitSamForPurchase command) {
        session = null;
        // Key version: one version per city in the simulator.
        byte[] master = spec.purchaseKeys().apply(command.issuer());
        if (master == null) {
            return ResponseApdu.of(StatusWord.KEY_NOT_FOUND);
        }
        long next = (ttc + 1) & 0xFFFFFFFFL;
        eeprom.commit(List.of(() -> ttc = next));
        CardCrypto crypto = new CardCrypto(command.algorithm());
        byte[] sessionKey = crypto.purchaseSessionKey(crypto.diversify(master, command.card()), command.cardRandom(),
                command.offlineAtc(), next);
        byte[] mac1 = crypto.purchaseMac1(sessionKey, new Purchase(command.amount(), command.type(),
                Hex.encodeHexString(terminalNo, false), next, command.time()));
        session = new Session(crypto, sessionKey, command.amount());
        return ResponseApdu.ok(new InitSamForPurchase.Answer(next, mac1).encode());
    }

    private ResponseApdu creditForPurchase(CreditSamForPurchase command) {
        Session s = session;
        session = null;
        if (s == null) {
            return ResponseApdu.of(StatusWord.COMMAND_OUT_OF_SEQUENCE);
        }
        boolean ok = MessageDigest.isEqual(s.crypto().purchaseMac2(s.sessionKey(), s.amount()), command.mac2());
        return ResponseApdu.of(ok ? StatusWord.OK : StatusWord.MAC_INVALID);
    }

    private ResponseApdu desInit(DesInit command) {
        byte[] master = spec.maintenanceKeys().apply(command.issuer());
        if (master == null) {
            return ResponseApdu.of(StatusWord.KEY_NOT_FOUND);
        }
        macCrypto = new CardCrypto(command.algorithm());
        macKey = macCrypto.diversify(master, command.card());
        return ResponseApdu.of(StatusWord.OK);
    }

    private ResponseApdu des(Des command) {
        if (macKey == null) {
            return ResponseApdu.of(StatusWord.COMMAND_OUT_OF_SEQUENCE);
        }
        return ResponseApdu.ok(macCrypto.secureMessagingMac(macKey, command.challenge(), command.header()));
    }
}
