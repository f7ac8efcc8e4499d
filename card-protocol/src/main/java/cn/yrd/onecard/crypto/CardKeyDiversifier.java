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

    /** The 16-byte card key of an 8-byte diversification input that is no purse serial (a citizen card's). */
    public byte[] cardKey(byte[] input) {
        if (input.length != 8) {
            throw new IllegalArgumentException("a diversification input is 8 bytes, not " + input.length);
        }
        return master.diversify(input.clone());
    }

    @Override
    public String toString() {
        return "CardKeyDiversifier[key redacted]";
    }
}
