package cn.yrd.onecard.crypto;

import java.time.LocalDateTime;

/** What a load's MACs and TAC cover: amount (fen), type code, terminal number (12 hex digits), date and time. */
public record Load(long amount, int type, String terminalNo, LocalDateTime time) {
    public Load {
        Messages.checkUnsigned("amount", amount, 0xFFFFFFFFL);
        Messages.checkUnsigned("transaction type", type, 0xFF);
        Messages.terminalNumber(terminalNo);
    }
}
