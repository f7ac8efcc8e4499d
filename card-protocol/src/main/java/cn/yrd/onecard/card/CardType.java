package cn.yrd.onecard.card;

/** Card type, byte 28 of file 0x15: decides the discount a card gets in every city alike. */
public enum CardType {
    NORMAL(0x00),
    SENIOR(0x01),
    STUDENT(0x02),
    DISABLED(0x11);

    private final int code;

    CardType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static CardType of(int code) {
        for (CardType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new IllegalArgumentException(String.format("unknown card type %02X", code));
    }
}
