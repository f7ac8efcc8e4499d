package cn.yrd.onecard.terminal.gate;

import cn.yrd.onecard.city.City;
import cn.yrd.onecard.money.Fen;
import cn.yrd.onecard.record.TransitRecord;

/**
 * What one tap came to, as the gate shows it: open or not and why, the card (masked), its city, the fare,
 * the balance left, how long the tap took and how many APDUs it needed.
 */
public record TapResult(boolean open, String reason, String card, City issuer, long fare, long balance,
        long micros, int apdus, TransitRecord record) {

    /** One line for the gate's log, e.g. {@code OPEN  ************1234 Suzhou (3205) fare 2.00 balance 18.00 (4.1 ms, 9 APDUs)}. */
    public String line() {
        return String.format("%-6s %s%s%s (%.1f ms, %d APDUs)%s", open ? "OPEN" : "REFUSE", card == null ? "-" : card,
                issuer == null ? "" : " " + issuer, open || fare > 0 ? " fare " + Fen.asYuan(fare) + " balance "
                        + Fen.asYuan(balance) : "", micros / 1000.0, apdus, reason == null ? "" : ": " + reason);
    }

    /**
     * The receipt line of a payment to {@code payee}, with what proves it (the PSAM's terminal number and
     * transaction number, the card's TAC), e.g. {@code RECEIPT Lanting Tea House | card ************1234 Suzhou (3205)
     * | paid 12.50 yuan | balance 37.50 | 2026-12-01 10:15:02 | PSAM 0000AB12CD34 TTC 17 | TAC 1A2B3C4D}; the refusal
     * line when nothing was paid.
     */
    public String receipt(String payee) {
        if (!open || record == null) {
            return "NOT PAID " + (card == null ? "" : card + " ") + (reason == null ? "" : ": " + reason);
        }
        return String.join(" | ", "RECEIPT " + payee, "card " + card + " " + issuer, "paid " + Fen.asYuan(fare)
                + " yuan", "balance " + Fen.asYuan(balance), record.time().toString().replace('T', ' '), "PSAM "
                + record.terminalNo() + " TTC " + record.ttc(), "TAC " + record.tac())
                + (reason == null ? "" : " (" + reason + ")");
    }
}
