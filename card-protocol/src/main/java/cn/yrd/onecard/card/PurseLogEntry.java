package cn.yrd.onecard.card;

import java.time.LocalDateTime;

/**
 * One record of the cyclic purse log, file 0x18 (23 bytes, newest first):
 * ATC(2) · overdraft(3) · amount(4) · type(1) · terminal no(6) · date(4) · time(3).
 */
public record PurseLogEntry(int atc, long overdraft, long amount, TransactionType type, String terminalNo,
        LocalDateTime time) {

    public static final int SFI = 0x18;
    public static final int LENGTH = 23;
    public static final int CAPACITY = 10;
    private static final String FILE = "file 0x18 (purse log)";

    public PurseLogEntry {
        Layout.checkRange(FILE, "ATC", atc, 0xFFFF);
        Layout.checkRange(FILE, "overdraft", overdraft, 0xFFFFFF);
        Layout.checkRange(FILE, "amount", amount, 0xFFFFFFFFL);
    }

    public byte[] encode() {
        return Layout.writing(FILE, LENGTH).u16(atc).u24((int) overdraft).u32(amount).u8(type.code())
                .hex(terminalNo, 6, "terminal no").dateTime(time).bytes();
    }

    public static PurseLogEntry decode(byte[] bytes) {
        Layout in = Layout.reading(FILE, bytes, LENGTH);
        int atc = in.u16();
        long overdraft = in.u24();
        long amount = in.u32();
        TransactionType type = in.coded(TransactionType.class, "type", "transaction type");
        return new PurseLogEntry(atc, overdraft, amount, type, in.hex(6), in.dateTime("date-time"));
    }
}
