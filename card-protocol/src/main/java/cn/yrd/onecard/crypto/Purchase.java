package cn.yrd.onecard.crypto;

import java.time.LocalDateTime;

/**
 * What a purchase's MAC1 and TAC cover: amount (fen), transaction type code, terminal number (12 hex digits,
 * the PSAM's), the PSAM's transaction counter TTC and the terminal's date and time.
 */
public record Purchase(long amount, int type, String terminalNo, long ttc, LocalDateTime time) {
    public Purchase {
        Messages.checkUnsigned("amount", amount, 0xFFFFFFFFL);
        Messages.checkUnsigned("TTC", ttc, 0xFFFFFFFFL);
        Messages.checkUnsigned("transaction type", type, 0xFF);
        Messages.terminalNumber(terminalNo);
    }
}
