package cn.yrd.onecard.card;

/**
 * The industry of a purchase, as the transaction record carries it: a ride's (as its 0x1E record also does) or a
 * merchant's. A merchant's purchase writes no 0x1E record; its code is the day files' own.
 */
public enum Industry implements ByteCoded {
    RAIL(0x01),
    BUS(0x02),
    MERCHANT(0x10);

    private final int code;

    Industry(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }

    public static Industry of(int code) {
        return ByteCoded.of(Industry.class, code, "industry");
    }
}
