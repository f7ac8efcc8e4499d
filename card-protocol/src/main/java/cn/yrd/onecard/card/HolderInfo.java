package cn.yrd.onecard.card;

import cn.yrd.onecard.privacy.Mask;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * File 0x16, the card holder (55 bytes): card type(1) · staff flag(1) · name(20, GBK, space padded) ·
 * ID number(32, ASCII, space padded) · ID type(1). The public record does not pin this layout; this is ours.
 */
public record HolderInfo(CardType cardType, boolean staff, String name, String idNumber, int idType) {

    public static final int SFI = 0x16;
    public static final int LENGTH = 55;
    static final Charset GBK = Charset.forName("GBK");
    private static final String FILE = "file 0x16 (holder)";

    public HolderInfo {
        Layout.checkRange(FILE, "ID type", idType, 0xFF);
    }

    public byte[] encode() {
        return Layout.writing(FILE, LENGTH).u8(cardType.code()).u8(staff ? 1 : 0)
                .text(name, 20, GBK, "name").text(idNumber, 32, StandardCharsets.US_ASCII, "ID number")
                .u8(idType).bytes();
    }

    public static HolderInfo decode(byte[] bytes) {
        Layout in = Layout.reading(FILE, bytes, LENGTH);
        CardType type = in.cardType("card type");
        int staff = in.u8();
        if (staff > 1) {
            throw in.error("staff flag", "must be 00 or 01, got " + staff);
        }
        return new HolderInfo(type, staff == 1, in.text(20, GBK), in.text(32, StandardCharsets.US_ASCII), in.u8());
    }

    @Override
    public String toString() {
        return "HolderInfo[" + cardType + ", " + Mask.name(name) + ", ID " + Mask.idNumber(idNumber) + "]";
    }
}
