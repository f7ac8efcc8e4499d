package cn.yrd.onecard.crypto;

import cn.yrd.onecard.card.CardSerial;
import org.bouncycastle.crypto.BlockCipher;

/**
 * Derives card keys from one city master key: keyed once, then one or two block operations a card.
 * Not thread-safe.
 */
public final class CardKeyDiversifier {
    private final Profile profile;
    private final BlockCipher master;

    public CardKeyDiversifier(CardAlgorithm algorithm, byte[] masterKey) {
        this.profile = algorithm.newProfile();
        this.master = profile.masterEngine(masterKey);
    }

    /** The 16-byte card key of {@code serial}. */
    public byte[] cardKey(CardSerial serial) {
        return profile.diversify(master, serial.bytes());
    }

    @Override
    public String toString() {
        return "CardKeyDiversifier[key redacted]";
    }
}
