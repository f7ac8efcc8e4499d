package cn.yrd.onecard.settlement.web;

import cn.yrd.onecard.settlement.audit.AuditTrail;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.stereotype.Component;

/**
 * Locks a finance user out after {@code onecard.login.max-failures} wrong passwords within
 * {@code onecard.login.lockout}, for that long, the right password included: form login and HTTP Basic alike (both
 * go through the authentication events). The lockout is written to the audit trail, where a regional officer sees
 * who was being guessed. A right password before the limit forgets the failures.
 */
@Component
class LoginLockout {
    /** Names remembered at most; past this, expired entries are dropped. */
    private static final int REMEMBERED = 100_000;

    private final int maxFailures;
    private final long lockMillis;
    private final Clock clock;
    private final AuditTrail audit;
    private final ConcurrentHashMap<String, Failures> byUser = new ConcurrentHashMap<>();

    private record Failures(long first, int count) {
    }

    LoginLockout(@Value("${onecard.login.max-failures:5}") int maxFailures,
            @Value("${onecard.login.lockout:PT15M}") Duration lockout, ObjectProvider<Clock> clock, AuditTrail audit) {
        this.maxFailures = maxFailures;
        this.lockMillis = lockout.toMillis();
        this.clock = clock.getIfAvailable(Clock::systemUTC);
        this.audit = audit;
    }

    /** Whether {@code username} may not log in now, whatever password it gives. */
    boolean locked(String username) {
        Failures f = byUser.get(username);
        return f != null && f.count() >= maxFailures && clock.millis() - f.first() < lockMillis;
    }

    @EventListener
    void failed(AuthenticationFailureBadCredentialsEvent event) {
        String name = event.getAuthentication().getName();
        long now = clock.millis();
        Failures after = byUser.compute(name, (n, f) -> f == null || now - f.first() >= lockMillis
                ? new Failures(now, 1) : new Failures(f.first(), f.count() + 1));
        if (after.count() == maxFailures) {
            audit.record(name, "LOGIN_LOCKED", "user:" + name, maxFailures + " wrong passwords within "
                    + Duration.ofMillis(lockMillis).toMinutes() + " min: locked for as long");
        }
        if (byUser.size() > REMEMBERED) {
            byUser.entrySet().removeIf(e -> now - e.getValue().first() >= lockMillis);
        }
    }

    @EventListener
    void succeeded(AuthenticationSuccessEvent event) {
        byUser.remove(event.getAuthentication().getName());
    }
}
