package cn.yrd.onecard.crypto;

import cn.yrd.onecard.card.CardSerial;

/**
 * The purse's cryptography for one algorithm: session keys, MAC1, MAC2 and TAC for purchase and load, and
 * the secure-messaging MAC, exactly as docs/crypto.md and the card profile define them. Keys go in as
 * byte arrays and never come out in messages. Not thread-safe: give each thread its own.
 */
public final class CardCrypto {
    private final CardAlgorithm algorithm;
    private final Profile profile;
    private final Messages msg = new Messages();

    public CardCrypto(CardAlgorithm algorithm) {
        this.algorithm = algorithm;
        this.profile = algorithm.newProfile();
    }

    public CardAlgorithm algorithm() {
        return algorithm;
    }

    /** {@code masterKey} diversified for one card; for many cards of one city use {@link CardKeyDiversifier}. */
    public byte[] diversify(byte[] masterKey, CardSerial serial) {
        return new CardKeyDiversifier(algorithm, masterKey).cardKey(serial);
    }

    /** SESPK from the card's purchase key: over random(4) ‖ offline ATC(2) ‖ the low two bytes of TTC. */
    public byte[] purchaseSessionKey(byte[] dpk, byte[] random, int offlineAtc, long ttc) {
        Profile.checkKey(random, 4, "card random");
        msg.reset().bytes(random).u16(offlineAtc).u16((int) ttc);
        return profile.sessionKey(dpk, copy());
    }

    /** MAC1 over amount ‖ type ‖ terminal no ‖ date ‖ time. */
    public byte[] purchaseMac1(byte[] sessionKey, Purchase p) {
        msg.reset().u32(p.amount()).u8(p.type()).terminal(p.terminalNo()).dateTime(p.time());
        return profile.mac(sessionKey, msg.buf, msg.length);
    }

    /** MAC2 over the amount. */
    public byte[] purchaseMac2(byte[] sessionKey, long amount) {
        msg.reset().u32(amount);
        return profile.mac(sessionKey, msg.buf, msg.length);
    }

    /** TAC over amount ‖ type ‖ terminal no ‖ TTC ‖ date ‖ time, under the card's TAC key. */
    public byte[] purchaseTac(byte[] dtk, Purchase p) {
        msg.reset().u32(p.amount()).u8(p.type()).terminal(p.terminalNo()).u32(p.ttc()).dateTime(p.time());
        return profile.mac(profile.tacKey(dtk), msg.buf, msg.length);
    }

    /** SESLK from the card's load key: over random(4) ‖ online ATC(2) ‖ {@code 8000}. */
    public byte[] loadSessionKey(byte[] dlk, byte[] random, int onlineAtc) {
        Profile.checkKey(random, 4, "card random");
        msg.reset().bytes(random).u16(onlineAtc).u16(0x8000);
        return profile.sessionKey(dlk, copy());
    }

    /** The card's MAC1 of a load, over old balance ‖ amount ‖ type ‖ terminal no. */
    public byte[] loadMac1(byte[] sessionKey, long oldBalance, Load l) {
        msg.reset().u32(oldBalance).u32(l.amount()).u8(l.type()).terminal(l.terminalNo());
        return profile.mac(sessionKey, msg.buf, msg.length);
    }

    /** The host's MAC2 of a load, over amount ‖ type ‖ terminal no ‖ date ‖ time. */
    public byte[] loadMac2(byte[] sessionKey, Load l) {
        msg.reset().u32(l.amount()).u8(l.type()).terminal(l.terminalNo()).dateTime(l.time());
        return profile.mac(sessionKey, msg.buf, msg.length);
    }

    /** TAC of a load, over new balance ‖ online ATC ‖ amount ‖ type ‖ terminal no ‖ date ‖ time. */
    public byte[] loadTac(byte[] dtk, long newBalance, int onlineAtc, Load l) {
        msg.reset().u32(newBalance).u16(onlineAtc).u32(l.amount()).u8(l.type()).terminal(l.terminalNo())
                .dateTime(l.time());
        return profile.mac(profile.tacKey(dtk), msg.buf, msg.length);
    }

    /**
     * The 4-byte MAC of a secure-messaging command (e.g. APPLICATION BLOCK {@code 84 1E 00 00 04}): over the
     * command bytes that precede the MAC, with the card's last challenge as IV.
     */
    public byte[] secureMessagingMac(byte[] cardKey, byte[] challenge, byte[] command) {
        Profile.checkKey(challenge, 4, "challenge");
        return profile.secureMessagingMac(cardKey, challenge, command);
    }

    private byte[] copy() {
        byte[] out = new byte[msg.length];
        System.arraycopy(msg.buf, 0, out, 0, msg.length);
        return out;
    }

    @Override
    public String toString() {
        return "CardCrypto[" + algorithm + "]";
    }
}
