package cn.yrd.onecard.settlement.intake;

import java.time.LocalDateTime;

/** One line of the clearing detail: a record of a day file as clearing decided it. Amounts in fen. */
public record ClearedRecord(String dayFile, int line, String businessLine, String card, String payer,
        String payee, String type, int counter, long amount, long fee, Long balanceAfter, LocalDateTime time,
        boolean accepted, String reason) {

    String key() {
        return businessLine + "|" + payer + "|" + payee;
    }
}
