package cn.yrd.onecard.card;

import java.time.LocalDate;

/**
 * File 0x15, the EP's public application information (30 bytes):
 * issuer ID(8) · app type(1) · app version(1) · app serial BCD(10) · start date(4) · expiry date(4) ·
 * card type(1, byte 28) · issuer-reserved(1).
 */
public record PublicInfo(IssuerId issuerId, int appType, int appVersion, String appSerial, LocalDate startDate,
        LocalDate expiryDate, CardType cardType, int reserved) {

    public static final int SFI = 0x15;
    public static final int LENGTH = 30;
    private static final String FILE = "file 0x15 (public info)";

    public PublicInfo {
        Layout.checkRange(FILE, "app type", appType, 0xFF);
        Layout.checkRange(FILE, "app version", appVersion, 0xFF);
        Layout.checkRange(FILE, "reserved byte", reserved, 0xFF);
        if (expiryDate.isBefore(startDate)) {
            throw new CardFileException(FILE, "expiry date " + expiryDate + " is before start date " + startDate);
        }
        if (appSerial.length() != 20 || !appSerial.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new CardFileException(FILE, "app serial must be 20 decimal digits");
        }
    }

    /** The last 16 digits of the app serial: what diversifies this card's keys. */
    public CardSerial cardSerial() {
        return CardSerial.of(appSerial.substring(4));
    }

    public boolean isValidOn(LocalDate day) {
        return !day.isBefore(startDate) && !day.isAfter(expiryDate);
    }

    public byte[] encode() {
        Layout out = Layout.writing(FILE, LENGTH);
        issuerId.writeTo(out);
        return out.u8(appType).u8(appVersion).bcd(appSerial, 10, "app serial")
                .date(startDate).date(expiryDate).u8(cardType.code()).u8(reserved).bytes();
    }

    public static PublicInfo decode(byte[] bytes) {
        Layout in = Layout.reading(FILE, bytes, LENGTH);
        IssuerId issuer = IssuerId.readFrom(in);
        int appType = in.u8();
        int appVersion = in.u8();
        String serial = in.bcd("app serial", 10);
        LocalDate start = in.date("start date");
        LocalDate expiry = in.date("expiry date");
        CardType type = in.cardType("card type");
        return new PublicInfo(issuer, appType, appVersion, serial, start, expiry, type, in.u8());
    }

    @Override
    public String toString() {
        return "PublicInfo[" + issuerId.city() + ", serial " + cardSerial() + ", " + cardType + ", valid " + startDate
                + ".." + expiryDate + "]";
    }
}
