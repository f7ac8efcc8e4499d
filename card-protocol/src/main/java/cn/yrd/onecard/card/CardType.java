package cn.yrd.onecard.card;

/** Card type, byte 28 of file 0x15: decides the discount a card gets in every city alike. */
public enum CardType implements ByteCoded {
    NORMAL(0x00),
    SENIOR(0x01),
    STUDENT(0x02),
    DISABLED(0x11);

    private final int code;

    CardType(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }

    public static CardType of(int code) {
        return ByteCoded.of(CardType.class, code, "card type");
    }
}
