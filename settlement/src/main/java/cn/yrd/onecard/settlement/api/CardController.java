package cn.yrd.onecard.settlement.api;

import cn.yrd.onecard.money.Fen;
import cn.yrd.onecard.settlement.card.CardBalance;
import cn.yrd.onecard.settlement.card.CardTransaction;
import cn.yrd.onecard.settlement.card.ShadowBalances;
import cn.yrd.onecard.settlement.hotlist.RegionalHotlist;
import jakarta.servlet.http.HttpServletRequest;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The citizens' balance-lookup API (OpenAPI description at {@code /api/v1/openapi.yaml}): a card's balance as of
 * the last clearing and its recent cleared transactions, to a caller who proves the card is theirs with a city
 * app's token listing it (claim {@code cards}) or with the card's query secret ({@code X-Query-Secret}). An
 * unknown card and a wrong proof get the same answer; repeated failures are throttled per client and per card. The
 * holder reports the card lost or stolen with the app's token (a query secret, printed on a kiosk's slip, proves no
 * ownership).
 */
@RestController
@RequestMapping("/api/v1/cards")
class CardController {
    static final String SECRET_HEADER = "X-Query-Secret";
    private static final int MAX_LIMIT = 50;
    private static final Pattern SERIAL = Pattern.compile("[0-9]{16}");
    private static final Pattern LIMIT = Pattern.compile("[0-9]{1,3}");

    private final ShadowBalances cards;
    private final RegionalHotlist hotlist;
    private final CardAccess access;
    private final FailureThrottle throttle;

    CardController(ShadowBalances cards, RegionalHotlist hotlist, CardAccess access, FailureThrottle throttle) {
        this.cards = cards;
        this.hotlist = hotlist;
        this.access = access;
        this.throttle = throttle;
    }

    record Balance(String card, String issuerCity, long balanceFen, String balanceYuan, LocalDateTime asOf,
            String status) {
    }

    record Transaction(LocalDateTime time, String type, String city, long amountFen, Long balanceAfterFen) {
    }

    record Transactions(String card, List<Transaction> transactions) {
    }

    record Problem(String error) {
    }

    record Reported(String card, long hotlistVersion, String status) {
    }

    /** The holder reports the card lost (or {@code ?reason=STOLEN}) through the city app: hotlisted from now. */
    @PostMapping("/{serial}/loss")
    ResponseEntity<?> loss(@PathVariable String serial, @RequestParam(defaultValue = "LOST") String reason,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            HttpServletRequest request) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return respond(HttpStatus.UNAUTHORIZED).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                    .body(new Problem("report a loss with a bearer token from your city's app: it proves the card "
                            + "is yours"));
        }
        return answer(serial, authorization, null, request, b -> {
            LocalDateTime now = LocalDateTime.now().truncatedTo(ChronoUnit.MINUTES);
            try {
                long version = hotlist.reportByHolder(b.card(), reason, now, "holder via the app of "
                        + b.issuerCity());
                return respond(HttpStatus.CREATED).body(new Reported(b.card(), version, CardBalance.status(reason,
                        now)));
            } catch (RegionalHotlist.AlreadyListed e) {
                return problem(HttpStatus.CONFLICT, e.getMessage());
            } catch (RegionalHotlist.RefusedReport e) {
                return problem(HttpStatus.BAD_REQUEST, e.getMessage());
            }
        });
    }

    @GetMapping("/{serial}/balance")
    ResponseEntity<?> balance(@PathVariable String serial,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestHeader(name = SECRET_HEADER, required = false) String secret, HttpServletRequest request) {
        return answer(serial, authorization, secret, request, b -> new Balance(b.card(), b.issuerCity(), b.balance(),
                Fen.asYuan(b.balance()), b.lastTxnTime(), b.status()));
    }

    @GetMapping("/{serial}/transactions")
    ResponseEntity<?> transactions(@PathVariable String serial, @RequestParam(defaultValue = "10") String limit,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestHeader(name = SECRET_HEADER, required = false) String secret, HttpServletRequest request) {
        if (!LIMIT.matcher(limit).matches() || Integer.parseInt(limit) < 1 || Integer.parseInt(limit) > MAX_LIMIT) {
            return problem(HttpStatus.BAD_REQUEST, "limit must be a whole number from 1 to " + MAX_LIMIT);
        }
        int n = Integer.parseInt(limit);
        return answer(serial, authorization, secret, request, b -> new Transactions(b.card(),
                cards.transactions(b.card(), n).stream().map(CardController::transaction).toList()));
    }

    private ResponseEntity<?> answer(String serial, String authorization, String secret, HttpServletRequest request,
            Function<CardBalance, Object> body) {
        String client = request.getRemoteAddr();
        long wait = throttle.retryAfterSeconds(FailureThrottle.Who.CLIENT, client);
        if (wait > 0) {
            return tooMany("from this client", wait);
        }
        if (!SERIAL.matcher(serial).matches()) {
            throttle.failed(FailureThrottle.Who.CLIENT, client);
            return problem(HttpStatus.BAD_REQUEST, "a card serial is 16 digits");
        }
        wait = throttle.retryAfterSeconds(FailureThrottle.Who.CARD, serial);
        if (wait > 0) {
            return tooMany("of this card", wait);
        }
        CardAccess.Verdict verdict;
        try {
            verdict = access.check(serial, authorization, secret);
        } catch (CardAccess.InvalidToken e) {
            throttle.failed(FailureThrottle.Who.CLIENT, client);
            return respond(HttpStatus.UNAUTHORIZED).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\", "
                    + "error_description=\"" + e.getMessage().replace('"', '\'') + "\"")
                    .body(new Problem("the bearer token is not valid: " + e.getMessage()));
        }
        if (verdict == CardAccess.Verdict.NO_PROOF) {
            return respond(HttpStatus.UNAUTHORIZED).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                    .body(new Problem("prove the card is yours: a bearer token from your city's app, or the "
                            + SECRET_HEADER + " a kiosk printed"));
        }
        Optional<CardBalance> card = verdict == CardAccess.Verdict.ALLOWED ? cards.balance(serial) : Optional.empty();
        if (card.isEmpty()) {
            if (verdict == CardAccess.Verdict.REFUSED) {
                throttle.failed(FailureThrottle.Who.CLIENT, client);
                throttle.failed(FailureThrottle.Who.CARD, serial);
            }
            return problem(HttpStatus.NOT_FOUND, "no cleared card with this serial for this proof");
        }
        Object answer = body.apply(card.get());
        return answer instanceof ResponseEntity<?> made ? made : respond(HttpStatus.OK).body(answer);
    }

    private static ResponseEntity<?> tooMany(String whose, long wait) {
        return respond(HttpStatus.TOO_MANY_REQUESTS).header(HttpHeaders.RETRY_AFTER, Long.toString(wait))
                .body(new Problem("too many failed lookups " + whose + ": try again in " + wait + " s"));
    }

    /** Balances are personal: never cached by a proxy or browser, never sniffed as anything but JSON. */
    private static ResponseEntity.BodyBuilder respond(HttpStatus status) {
        return ResponseEntity.status(status).header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("X-Content-Type-Options", "nosniff");
    }

    private static Transaction transaction(CardTransaction t) {
        return new Transaction(t.txnTime(), kind(t.txnType()), t.acquirerCity(), t.amount(), t.balanceAfter());
    }

    /** Load or purchase, from the transaction type of the card profile. */
    private static String kind(String type) {
        return Map.of("02", "LOAD", "06", "PURCHASE", "09", "PURCHASE").getOrDefault(type, "OTHER");
    }

    private static ResponseEntity<Problem> problem(HttpStatus status, String message) {
        return respond(status).body(new Problem(message));
    }
}
