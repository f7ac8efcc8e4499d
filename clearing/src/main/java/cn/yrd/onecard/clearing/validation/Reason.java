package cn.yrd.onecard.clearing.validation;

/** Why a record went to suspense. The codes are what finance staff see; docs/clearing.md lists them. */
public enum Reason {
    DUPLICATE("D01", "duplicate: this card's transaction counter was already cleared"),
    REPEATED_MESSAGE("D02", "repeated: this claim or payout (its sender's ID) was already cleared"),
    TAC("T01", "the TAC does not verify with the issuing city's TAC key"),
    NOT_AUTHORISED("C01", "the claim or pension business carries no valid authorisation of its home city's host"),
    EXPIRED("E01", "the card had expired before the transaction"),
    OUTSIDE_WINDOW("W01", "the transaction date is outside the clearing window"),
    AMOUNT("A01", "the amount is outside the allowed range"),
    BALANCE("B01", "the purchase exceeds the balance the card held"),
    HOTLISTED("H01", "the card was used after its hotlisting took effect"),
    UNKNOWN_TERMINAL("U01", "the record's terminal (PSAM or kiosk) is not in the centre's terminal registry"),
    TERMINAL_ELSEWHERE("U02", "the record's terminal is registered to another city or operator than it names"),
    BALANCE_CHAIN("B02", "the balance before does not follow from the card's previous accepted record"),
    COUNTER_GAP("G01", "the card's transaction counter skips values since its previous accepted record"),
    UNKNOWN_MERCHANT("M01", "the payment's merchant is not in its acquirer's merchant register"),
    MERCHANT_ELSEWHERE("M02", "the merchant belongs to another acquirer than the file's sender or the record's city"),
    CATEGORY("M03", "the merchant's category does not take this card type"),
    MERCHANT_IN_TRANSIT("M04", "a merchant payment in a transit file: payments come in their acquirer's MERCHANT file"),
    BILL_PAID("M05", "the bill was already paid: a second payment of it is held, not remitted to its biller"),
    NOT_A_BILLER("M06", "a bill payment to a merchant that is no utility");

    private final String code;
    private final String meaning;

    Reason(String code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public String code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }
}
