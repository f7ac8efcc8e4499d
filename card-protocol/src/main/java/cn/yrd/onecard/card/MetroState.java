package cn.yrd.onecard.card;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.YearMonth;

/**
 * The compound (CAPP) record 0x1A, 128 bytes: the card's metro journey state plus what fare rules need to
 * remember between taps. The standard fixes only its purpose; this layout is ours:
 * <pre>
 *  0  1  journey state: 00 none, 01 entered (journey open), 02 exited
 *  1  1  lock flag: 01 while an entry is written but not yet completed
 *  2  2  entry city (BCD)
 *  4  2  entry line
 *  6  2  entry station
 *  8  8  entry device
 * 16  7  entry date-time (BCD)
 * 23  4  amount charged at the last exit (fen)
 * 27  2  exit station
 * 29  7  exit date-time (BCD; zeros when none)
 * 36  1  industry of the last charged ride (00 none, 01 rail, 02 bus): the transfer discount's memory
 * 37  7  date-time of the last charged ride (BCD; zeros when none)
 * 44  2  city of the last charged ride (BCD; 0000 when none)
 * 46  3  month of the volume counter (BCD YYYYMM; zeros when none)
 * 49  4  metro fares charged in that month (fen): the monthly volume discount's memory
 * 53 75  reserved, zeros
 * </pre>
 */
public record MetroState(Journey journey, boolean locked, City entryCity, int entryLine, int entryStation,
        String entryDevice, LocalDateTime entryTime, long lastExitAmount, int exitStation, LocalDateTime exitTime,
        Industry lastRideIndustry, LocalDateTime lastRideTime, City lastRideCity, YearMonth volumeMonth,
        long volumeMonthSpent) {

    public static final int SFI = 0x1A;
    public static final int LENGTH = 128;
    private static final String FILE = "file 0x1A (metro state)";

    public enum Journey {
        NONE,
        ENTERED,
        EXITED
    }

    /** The record of a card that has never been used on the metro. */
    public static MetroState blank(City city) {
        return new MetroState(Journey.NONE, false, city, 0, 0, "0000000000000000", null, 0, 0, null, null, null,
                null, null, 0);
    }

    public MetroState {
        Layout.checkRange(FILE, "entry line", entryLine, 0xFFFF);
        Layout.checkRange(FILE, "entry station", entryStation, 0xFFFF);
        Layout.checkRange(FILE, "exit station", exitStation, 0xFFFF);
        Layout.checkRange(FILE, "last exit amount", lastExitAmount, 0xFFFFFFFFL);
        Layout.checkRange(FILE, "month spent", volumeMonthSpent, 0xFFFFFFFFL);
    }

    public byte[] encode() {
        Layout out = Layout.writing(FILE, LENGTH).u8(journey.ordinal()).u8(locked ? 1 : 0).city(entryCity)
                .u16(entryLine).u16(entryStation).hex(entryDevice, 8, "entry device").dateTime(entryTime)
                .u32(lastExitAmount).u16(exitStation).dateTime(exitTime)
                .u8(lastRideIndustry == null ? 0 : lastRideIndustry.code()).dateTime(lastRideTime);
        if (lastRideCity == null) {
            out.zeros(2);
        } else {
            out.city(lastRideCity);
        }
        if (volumeMonth == null) {
            out.zeros(3);
        } else {
            out.bcd(String.format("%04d%02d", volumeMonth.getYear(), volumeMonth.getMonthValue()), 3, "volume month");
        }
        return out.u32(volumeMonthSpent).zeros(75).bytes();
    }

    public static MetroState decode(byte[] bytes) {
        Layout in = Layout.reading(FILE, bytes, LENGTH);
        int state = in.u8();
        if (state > 2) {
            throw in.error("journey state", "must be 00, 01 or 02, got " + state);
        }
        int lock = in.u8();
        if (lock > 1) {
            throw in.error("lock flag", "must be 00 or 01, got " + lock);
        }
        City entryCity = in.city("entry city");
        int entryLine = in.u16();
        int entryStation = in.u16();
        String device = in.hex(8);
        LocalDateTime entryTime = in.optionalDateTime("entry date-time");
        long exitAmount = in.u32();
        int exitStation = in.u16();
        LocalDateTime exitTime = in.optionalDateTime("exit date-time");
        int industryCode = in.u8();
        Industry industry;
        try {
            industry = industryCode == 0 ? null : Industry.of(industryCode);
        } catch (IllegalArgumentException e) {
            throw in.error("last ride industry", e.getMessage());
        }
        LocalDateTime lastRide = in.optionalDateTime("last ride date-time");
        String cityDigits = in.bcd("last ride city", 2);
        City lastCity;
        try {
            lastCity = cityDigits.equals("0000") ? null : Cities.byCode(cityDigits);
        } catch (IllegalArgumentException e) {
            throw in.error("last ride city", e.getMessage());
        }
        String month = in.bcd("volume month", 3);
        YearMonth volumeMonth;
        try {
            volumeMonth = month.equals("000000") ? null
                    : YearMonth.of(Integer.parseInt(month.substring(0, 4)), Integer.parseInt(month.substring(4)));
        } catch (DateTimeException e) {
            throw in.error("volume month", month + " is not a month");
        }
        long spent = in.u32();
        return new MetroState(Journey.values()[state], lock == 1, entryCity, entryLine, entryStation, device,
                entryTime, exitAmount, exitStation, exitTime, industry, lastRide, lastCity, volumeMonth, spent);
    }
}
