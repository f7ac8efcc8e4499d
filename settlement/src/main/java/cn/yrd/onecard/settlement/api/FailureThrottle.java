package cn.yrd.onecard.settlement.api;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Slows down guessing, per client address and per card: a client with {@code onecard.api.max-failures} failed card
 * lookups within {@code onecard.api.failure-window} is refused (429) until the window has passed, right secret or
 * not; so is every lookup of a card with {@code onecard.api.max-failures-per-card} failures, from wherever they came.
 * Per card, many addresses cannot guess one card; so the per-address limit can stay high enough that one guesser
 * behind a NAT does not lock out everyone behind it.
 */
@Component
class FailureThrottle {
    /** Whose failures are counted. */
    enum Who { CLIENT, CARD }

    private final int maxPerClient;
    private final int maxPerCard;
    private final long windowMillis;
    private final Clock clock;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    private record Window(long start, int failures) {
    }

    FailureThrottle(@Value("${onecard.api.max-failures:100}") int maxPerClient,
            @Value("${onecard.api.max-failures-per-card:5}") int maxPerCard,
            @Value("${onecard.api.failure-window:PT1M}") Duration window, ObjectProvider<Clock> clock) {
        this.maxPerClient = maxPerClient;
        this.maxPerCard = maxPerCard;
        this.windowMillis = window.toMillis();
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    /** Seconds until {@code who} may try again, or 0 if it may now. */
    long retryAfterSeconds(Who kind, String who) {
        String key = kind + ":" + who;
        Window w = windows.get(key);
        if (w == null || w.failures() < (kind == Who.CLIENT ? maxPerClient : maxPerCard)) {
            return 0;
        }
        long left = w.start() + windowMillis - clock.millis();
        if (left <= 0) {
            windows.remove(key, w);
            return 0;
        }
        return Math.max(1, (left + 999) / 1000);
    }

    void failed(Who kind, String who) {
        long now = clock.millis();
        windows.compute(kind + ":" + who, (c, w) -> w == null || now - w.start() >= windowMillis ? new Window(now, 1)
                : new Window(w.start(), w.failures() + 1));
        if (windows.size() > 100_000) {
            windows.entrySet().removeIf(e -> now - e.getValue().start() >= windowMillis);
        }
    }
}
