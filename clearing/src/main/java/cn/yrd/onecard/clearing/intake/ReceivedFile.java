package cn.yrd.onecard.clearing.intake;

import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * A row of {@code day_file}: a day file the centre has taken in, and the night that clears it (its own date's, or
 * for a late file of a closed day the next night that found it).
 */
public record ReceivedFile(Long id, String sha256, String kind, String senderId, String senderCity,
        LocalDate businessDate, LocalDate night, int sequenceNo, long recordCount, long amountTotal, String fileName,
        LocalDateTime receivedAt) {
}
