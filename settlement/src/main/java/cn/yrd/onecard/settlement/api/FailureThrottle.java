package cn.yrd.onecard.settlement.api;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Slows down guessing: a client with {@code onecard.api.max-failures} failed card lookups within
 * {@code onecard.api.failure-window} is refused (429) until the window has passed, right secret or not.
 */
@Component
class FailureThrottle {
    private final int maxFailures;
    private final long windowMillis;
    private final Clock clock;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    private record Window(long start, int failures) {
    }

    FailureThrottle(@Value("${onecard.api.max-failures:10}") int maxFailures,
            @Value("${onecard.api.failure-window:PT1M}") Duration window, ObjectProvider<Clock> clock) {
        this.maxFailures = maxFailures;
        this.windowMillis = window.toMillis();
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    /** Seconds until {@code client} may try again, or 0 if it may now. */
    long retryAfterSeconds(String client) {
        Window w = windows.get(client);
        if (w == null || w.failures() < maxFailures) {
            return 0;
        }
        long left = w.start() + windowMillis - clock.millis();
        if (left <= 0) {
            windows.remove(client, w);
            return 0;
        }
        return Math.max(1, (left + 999) / 1000);
    }

    void failed(String client) {
        long now = clock.millis();
        windows.compute(client, (c, w) -> w == null || now - w.start() >= windowMillis ? new Window(now, 1)
                : new Window(w.start(), w.failures() + 1));
        if (windows.size() > 100_000) {
            windows.entrySet().removeIf(e -> now - e.getValue().start() >= windowMillis);
        }
    }
}
