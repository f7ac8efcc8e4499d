package cn.yrd.onecard.terminal.fare;

import cn.yrd.onecard.card.Industry;
import cn.yrd.onecard.city.City;
import java.time.LocalDateTime;

/** Where and when a tap happens: a bus boarding, a metro entry or a metro exit. */
public record Ride(Kind kind, City city, int line, int station, LocalDateTime time) {

    public enum Kind {
        BUS,
        METRO_ENTRY,
        METRO_EXIT;

        public Industry industry() {
            return this == BUS ? Industry.BUS : Industry.RAIL;
        }
    }
}
