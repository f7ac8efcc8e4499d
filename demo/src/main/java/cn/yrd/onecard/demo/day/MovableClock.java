package cn.yrd.onecard.demo.day;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

/** The validators' clock: each tap happens at its planned time of day. */
final class MovableClock extends Clock {
    private Instant now;

    MovableClock(Instant start) {
        this.now = start;
    }

    void set(Instant at) {
        now = at;
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return Day.ZONE;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
