package cn.yrd.onecard.clearing.intake;

import java.time.LocalDate;
import java.time.LocalDateTime;

/** A row of {@code day_file}: a day file the centre has taken in. */
public record ReceivedFile(Long id, String sha256, String kind, String senderId, String senderCity,
        LocalDate businessDate, int sequenceNo, long recordCount, long amountTotal, String fileName,
        LocalDateTime receivedAt) {
}
