package cn.yrd.onecard.settlement.suspense;

import cn.yrd.onecard.privacy.Mask;
import java.time.LocalDate;
import java.time.LocalDateTime;

/** A record clearing suspended, and what finance staff decided about it. Amounts in fen. */
public record SuspenseItem(long id, LocalDate businessDate, String dayFile, int lineNo, String businessLine,
        String card, String payerCity, String payeeCity, long amount, long fee, LocalDateTime txnTime, String reason,
        String status, String decidedBy, LocalDateTime decidedAt, String decisionNote) {

    /** The card as pages and reports show it: they do not need the full serial. */
    public String maskedCard() {
        return Mask.serial(card);
    }

    public boolean open() {
        return status.equals("OPEN");
    }
}
