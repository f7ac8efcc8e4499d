package cn.yrd.onecard.crypto;

/**
 * The purse's algorithm, as the card announces it in INITIALIZE's "alg id" byte. Both take 16-byte
 * master and card keys.
 */
public enum CardAlgorithm {
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
        for (CardAlgorithm a : values()) {
            if (a.id == id) {
                return a;
            }
        }
        throw new IllegalArgumentException(String.format("unknown algorithm id %02X", id));
    }

    Profile newProfile() {
        return this == TRIPLE_DES ? new TripleDesProfile() : new Sm4Profile();
    }
}
