package cn.yrd.onecard.card;

import cn.yrd.onecard.city.City;

/**
 * File 0x17, management information (60 bytes): country code(4) · province code(2, BCD) · city code(2, BCD) ·
 * interoperable flag(2, {@code 0001}) · card type(1) · 49 bytes reserved (zeros).
 */
public record ManagementInfo(int countryCode, String provinceCode, City city, boolean interoperable,
        CardType cardType) {

    public static final int SFI = 0x17;
    public static final int LENGTH = 60;
    /** China, as ISO 3166 numeric 156 in the 4-byte country field. */
    public static final int CHINA = 0x0156;
    private static final String FILE = "file 0x17 (management info)";

    public byte[] encode() {
        return Layout.writing(FILE, LENGTH).u32(countryCode).bcd(provinceCode, 2, "province code").city(city)
                .u16(interoperable ? 1 : 0).u8(cardType.code()).zeros(49).bytes();
    }

    public static ManagementInfo decode(byte[] bytes) {
        Layout in = Layout.reading(FILE, bytes, LENGTH);
        int country = (int) in.u32();
        String province = in.bcd("province code", 2);
        City city = in.city("city code");
        int flag = in.u16();
        if (flag > 1) {
            throw in.error("interoperable flag", String.format("must be 0000 or 0001, got %04X", flag));
        }
        CardType type = in.cardType("card type");
        return new ManagementInfo(country, province, city, flag == 1, type);
    }
}
