package cn.yrd.onecard.card;

/** The transport industry of a ride, as the 0x1E record and the transaction record carry it. */
public enum Industry implements ByteCoded {
    RAIL(0x01),
    BUS(0x02);

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
