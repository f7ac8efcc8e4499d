package cn.yrd.onecard.card;

/** The purse transaction types of the profile, as they appear in MACs, TACs and the 0x18 log. */
public enum TransactionType implements ByteCoded {
    LOAD(0x02),
    PURCHASE(0x06),
    COMPOUND_PURCHASE(0x09);

    private final int code;
    private final String hex;

    TransactionType(int code) {
        this.code = code;
        this.hex = String.format("%02X", code);
    }

    @Override
    public int code() {
        return code;
    }

    /** The code as the day files and the clearing's records write it: two upper-case hex digits. */
    public String hex() {
        return hex;
    }

    /** Loads add to the balance; purchases take from it. */
    public boolean isCredit() {
        return this == LOAD;
    }

    public static TransactionType of(int code) {
        return ByteCoded.of(TransactionType.class, code, "transaction type");
    }
}
