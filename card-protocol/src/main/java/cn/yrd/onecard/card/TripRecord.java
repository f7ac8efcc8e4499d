package cn.yrd.onecard.card;

import cn.yrd.onecard.city.City;
import java.time.LocalDateTime;

/**
 * One record of the cyclic trip file 0x1E (48 bytes): type(1) · device(8) · industry(1) · line(2) ·
 * station(2) · operator(2) · RFU(1) · amount(4) · balance after(4) · date-time(7) · acquirer city(2) ·
 * acquirer ID(8) · RFU(6).
 */
public record TripRecord(Kind kind, String device, Industry industry, int line, int station, int operator,
        long amount, long balanceAfter, LocalDateTime time, City acquirerCity, String acquirerId) {

    public static final int SFI = 0x1E;
    public static final int LENGTH = 48;
    public static final int CAPACITY = 30;
    private static final String FILE = "file 0x1E (trip)";

    /** What the tap was: type byte 03, 04 or 06. */
    public enum Kind implements ByteCoded {
        METRO_ENTRY(0x03),
        METRO_EXIT(0x04),
        BUS(0x06);

        private final int code;

        Kind(int code) {
            this.code = code;
        }

        @Override
        public int code() {
            return code;
        }

        static Kind of(int code) {
            return ByteCoded.of(Kind.class, code, "trip type");
        }
    }

    public TripRecord {
        Layout.checkRange(FILE, "line", line, 0xFFFF);
        Layout.checkRange(FILE, "station", station, 0xFFFF);
        Layout.checkRange(FILE, "operator", operator, 0xFFFF);
        Layout.checkRange(FILE, "amount", amount, 0xFFFFFFFFL);
        Layout.checkRange(FILE, "balance after", balanceAfter, 0xFFFFFFFFL);
    }

    public byte[] encode() {
        return Layout.writing(FILE, LENGTH).u8(kind.code).hex(device, 8, "device").u8(industry.code()).u16(line)
                .u16(station).u16(operator).zeros(1).u32(amount).u32(balanceAfter).dateTime(time).city(acquirerCity)
                .hex(acquirerId, 8, "acquirer ID").zeros(6).bytes();
    }

    public static TripRecord decode(byte[] bytes) {
        Layout in = Layout.reading(FILE, bytes, LENGTH);
        Kind kind = in.coded(Kind.class, "type", "trip type");
        String device = in.hex(8);
        Industry industry = in.coded(Industry.class, "industry", "industry");
        int line = in.u16();
        int station = in.u16();
        int operator = in.u16();
        in.skip(1);
        long amount = in.u32();
        long balanceAfter = in.u32();
        LocalDateTime time = in.dateTime("date-time");
        City city = in.city("acquirer city");
        String acquirer = in.hex(8);
        in.skip(6);
        return new TripRecord(kind, device, industry, line, station, operator, amount, balanceAfter, time, city,
                acquirer);
    }
}
