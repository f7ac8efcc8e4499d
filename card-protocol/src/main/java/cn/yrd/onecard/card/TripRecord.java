package cn.yrd.onecard.card;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import java.time.LocalDateTime;
import java.util.Optional;

/**
 * One record of the cyclic trip file 0x1E (48 bytes): type(1) · device(8) · industry(1) · line(2) ·
 * station(2) · operator(2) · RFU(1) · amount(4) · balance after(4) · date-time(7) · acquirer city(2) ·
 * acquirer ID(8) · RFU(6).
 *
 * <p>The record is read as the card holds it: a card of the T-Union rides in every city of the country, and their
 * terminals write trips of types (00, 02, 08, 09), industries (FF, 64) and city codes (the Ministry of Transport's:
 * Shanghai 2900, Beijing 1000) that our gates never write. Such a trip is still a trip the kiosk shows; {@link
 * #kind()}, {@link #industry()} and {@link #city()} say what it is where this profile knows the code
 * (docs/conformance.md, "Answers recorded from real cards").
 *
 * @param type the type byte (our gates write 03 metro entry, 04 metro exit, 06 bus)
 * @param industryCode the industry byte (ours: 01 rail, 02 bus)
 * @param acquirerCityCode the acquirer's city, its two bytes as four hex digits (ours: the city's code)
 */
public record TripRecord(int type, String device, int industryCode, int line, int station, int operator,
        long amount, long balanceAfter, LocalDateTime time, String acquirerCityCode, String acquirerId) {

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

    }

    public TripRecord {
        Layout.checkRange(FILE, "type", type, 0xFF);
        Layout.checkRange(FILE, "industry", industryCode, 0xFF);
        Layout.checkRange(FILE, "line", line, 0xFFFF);
        Layout.checkRange(FILE, "station", station, 0xFFFF);
        Layout.checkRange(FILE, "operator", operator, 0xFFFF);
        Layout.checkRange(FILE, "amount", amount, 0xFFFFFFFFL);
        Layout.checkRange(FILE, "balance after", balanceAfter, 0xFFFFFFFFL);
    }

    /** The record a gate of ours writes: its kind and industry, the acquirer city's code. */
    public static TripRecord of(Kind kind, String device, Industry industry, int line, int station, int operator,
            long amount, long balanceAfter, LocalDateTime time, City acquirerCity, String acquirerId) {
        return new TripRecord(kind.code(), device, industry.code(), line, station, operator, amount, balanceAfter,
                time, acquirerCity.code(), acquirerId);
    }

    /** What the tap was, when its type is one this profile names. */
    public Optional<Kind> kind() {
        return ByteCoded.find(Kind.class, type);
    }

    /** The industry, when its code is one this profile names. */
    public Optional<Industry> industry() {
        return ByteCoded.find(Industry.class, industryCode);
    }

    /** The acquirer's city, when its code is one of the 16 cities' (the code is other cities' own otherwise). */
    public Optional<City> city() {
        return Cities.find(acquirerCityCode);
    }

    public byte[] encode() {
        return Layout.writing(FILE, LENGTH).u8(type).hex(device, 8, "device").u8(industryCode).u16(line)
                .u16(station).u16(operator).zeros(1).u32(amount).u32(balanceAfter).dateTime(time)
                .hex(acquirerCityCode, 2, "acquirer city").hex(acquirerId, 8, "acquirer ID").zeros(6).bytes();
    }

    public static TripRecord decode(byte[] bytes) {
        Layout in = Layout.reading(FILE, bytes, LENGTH);
        int type = in.u8();
        String device = in.hex(8);
        int industry = in.u8();
        int line = in.u16();
        int station = in.u16();
        int operator = in.u16();
        in.skip(1);
        long amount = in.u32();
        long balanceAfter = in.u32();
        LocalDateTime time = in.dateTime("date-time");
        String city = in.hex(2);
        String acquirer = in.hex(8);
        in.skip(6);
        return new TripRecord(type, device, industry, line, station, operator, amount, balanceAfter, time, city,
                acquirer);
    }
}
