package cn.yrd.onecard.crypto;

import cn.yrd.onecard.card.CardSerial;

/**
 * Derives card keys from one city master key: keyed once, then one or two block operations a card.
 * Not thread-safe.
 */
public final class CardKeyDiversifier {
    private final Profile.MasterKey master;

    public CardKeyDiversifier(CardAlgorithm algorithm, byte[] masterKey) {
        this.master = algorithm.newProfile().master(masterKey);
    }

    /** The 16-byte card key of {@code serial}. */
    public byte[] cardKey(CardSerial serial) {
        return master.diversify(serial.bytes());
    }

    @Override
    public String toString() {
        return "CardKeyDiversifier[key redacted]";
    }
}
