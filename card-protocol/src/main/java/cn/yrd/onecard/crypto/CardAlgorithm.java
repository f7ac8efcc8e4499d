package cn.yrd.onecard.crypto;

import cn.yrd.onecard.card.ByteCoded;

/**
 * The purse's algorithm, as the card announces it in INITIALIZE's "alg id" byte. Both take 16-byte
 * master and card keys.
 */
public enum CardAlgorithm implements ByteCoded {
    /** Two-key 3DES for keys and sessions, single-DES CBC-MAC: the published T-Union profile. */
    TRIPLE_DES(0x00),
    /** SM4 (GB/T 32907) throughout: our profile, see docs/crypto.md. */
    SM4(0x04);

    private final int id;

    CardAlgorithm(int id) {
        this.id = id;
    }

    public int id() {
        return id;
    }

    public static CardAlgorithm ofId(int id) {
        return ByteCoded.of(CardAlgorithm.class, id, "algorithm id");
    }

    @Override
    public int code() {
        return id;
    }

    Profile newProfile() {
        return this == TRIPLE_DES ? new TripleDesProfile() : new Sm4Profile();
    }
}
