package cn.yrd.onecard.settlement.api;

import cn.yrd.onecard.money.Fen;
import cn.yrd.onecard.settlement.card.CardBalance;
import cn.yrd.onecard.settlement.card.CardTransaction;
import cn.yrd.onecard.settlement.card.ShadowBalances;
import cn.yrd.onecard.settlement.hotlist.RegionalHotlist;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import tools.jackson.databind.json.JsonMapper;

/**
 * The citizens' balance-lookup API (OpenAPI description at {@code /api/v1/openapi.yaml}): a card's balance as of
 * the last clearing and its recent cleared transactions, to a caller who proves the card is theirs with a city
 * app's token listing it (claim {@code cards}) or with the card's query secret ({@code X-Query-Secret}). An
 * unknown card and a wrong proof get the same answer; repeated failures are throttled per client and per card. The
 * holder reports the card lost or stolen with the app's token (a query secret, printed on a kiosk's slip, proves no
 * ownership).
 *
 * <p>A servlet of its own at {@code /api/v1/cards/*}, not a Spring MVC controller: three fixed paths need no handler
 * mapping, argument resolvers or content negotiation, and those were a third of a lookup's CPU on two cores (JFR,
 * {@code ./onecard bench api}), where the API's target is 10,000 lookups a second. The answers are Spring's JSON
 * mapper's, as MVC wrote them.
 */
class CardApiServlet extends HttpServlet {
    static final String PATH = "/api/v1/cards";
    static final String SECRET_HEADER = "X-Query-Secret";
    private static final int MAX_LIMIT = 50;
    private static final Pattern SERIAL = Pattern.compile("[0-9]{16}");
    private static final Pattern LIMIT = Pattern.compile("[0-9]{1,3}");

    private final transient ShadowBalances cards;
    private final transient RegionalHotlist hotlist;
    private final transient CardAccess access;
    private final transient FailureThrottle throttle;
    private final transient JsonMapper json;

    CardApiServlet(ShadowBalances cards, RegionalHotlist hotlist, CardAccess access, FailureThrottle throttle,
            JsonMapper json) {
        this.cards = cards;
        this.hotlist = hotlist;
        this.access = access;
        this.throttle = throttle;
        this.json = json;
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

    /** What the API answers: a status, a JSON body, and at most one header beyond those every answer carries. */
    private record Reply(int status, Object body, String header, String value) {
        Reply(int status, Object body) {
            this(status, body, null, null);
        }

        static Reply problem(int status, String message) {
            return new Reply(status, new Problem(message));
        }
    }

    /** {@code /{serial}/{resource}} of the request, or null for any other path. */
    private record Target(String serial, String resource) {
        static Target of(HttpServletRequest request) {
            String path = request.getPathInfo();
            int slash = path == null ? -1 : path.indexOf('/', 1);
            if (slash < 0 || path.indexOf('/', slash + 1) >= 0) {
                return null;
            }
            return new Target(path.substring(1, slash), path.substring(slash + 1));
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Target target = Target.of(request);
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        String secret = request.getHeader(SECRET_HEADER);
        send(response, target == null ? notFound() : switch (target.resource()) {
            case "balance" -> answer(target.serial(), authorization, secret, request, b -> new Reply(200,
                    new Balance(b.card(), b.issuerCity(), b.balance(), Fen.asYuan(b.balance()), b.lastTxnTime(),
                            b.status())));
            case "transactions" -> transactions(target.serial(), parameter(request, "limit", "10"), authorization,
                    secret, request);
            case "loss" -> notAllowed("POST");
            default -> notFound();
        });
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Target target = Target.of(request);
        send(response, target == null ? notFound() : switch (target.resource()) {
            case "loss" -> loss(target.serial(), parameter(request, "reason", "LOST"),
                    request.getHeader(HttpHeaders.AUTHORIZATION), request);
            case "balance", "transactions" -> notAllowed("GET, HEAD");
            default -> notFound();
        });
    }

    /** The holder reports the card lost (or {@code ?reason=STOLEN}) through the city app: hotlisted from now. */
    private Reply loss(String serial, String reason, String authorization, HttpServletRequest request) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return new Reply(401, new Problem("report a loss with a bearer token from your city's app: it proves the "
                    + "card is yours"), HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return answer(serial, authorization, null, request, b -> {
            LocalDateTime now = LocalDateTime.now().truncatedTo(ChronoUnit.MINUTES);
            try {
                long version = hotlist.reportByHolder(b.card(), reason, now, "holder via the app of "
                        + b.issuerCity());
                return new Reply(201, new Reported(b.card(), version, CardBalance.status(reason, now)));
            } catch (RegionalHotlist.AlreadyListed e) {
                return Reply.problem(409, e.getMessage());
            } catch (RegionalHotlist.RefusedReport e) {
                return Reply.problem(400, e.getMessage());
            }
        });
    }

    private Reply transactions(String serial, String limit, String authorization, String secret,
            HttpServletRequest request) {
        if (!LIMIT.matcher(limit).matches() || Integer.parseInt(limit) < 1 || Integer.parseInt(limit) > MAX_LIMIT) {
            return Reply.problem(400, "limit must be a whole number from 1 to " + MAX_LIMIT);
        }
        int n = Integer.parseInt(limit);
        return answer(serial, authorization, secret, request, b -> new Reply(200, new Transactions(b.card(),
                cards.transactions(b.card(), n).stream().map(CardApiServlet::transaction).toList())));
    }

    private Reply answer(String serial, String authorization, String secret, HttpServletRequest request,
            Function<CardBalance, Reply> reply) {
        String client = request.getRemoteAddr();
        long wait = throttle.retryAfterSeconds(FailureThrottle.Who.CLIENT, client);
        if (wait > 0) {
            return tooMany("from this client", wait);
        }
        if (!SERIAL.matcher(serial).matches()) {
            throttle.failed(FailureThrottle.Who.CLIENT, client);
            return Reply.problem(400, "a card serial is 16 digits");
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
            return new Reply(401, new Problem("the bearer token is not valid: " + e.getMessage()),
                    HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\", error_description=\""
                            + e.getMessage().replace('"', '\'') + "\"");
        }
        if (verdict == CardAccess.Verdict.NO_PROOF) {
            return new Reply(401, new Problem("prove the card is yours: a bearer token from your city's app, or the "
                    + SECRET_HEADER + " a kiosk printed"), HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        Optional<CardBalance> card = verdict == CardAccess.Verdict.ALLOWED ? cards.balance(serial) : Optional.empty();
        if (card.isEmpty()) {
            if (verdict == CardAccess.Verdict.REFUSED) {
                throttle.failed(FailureThrottle.Who.CLIENT, client);
                throttle.failed(FailureThrottle.Who.CARD, serial);
            }
            return Reply.problem(404, "no cleared card with this serial for this proof");
        }
        return reply.apply(card.get());
    }

    /** The query (or form) parameter {@code name}; {@code otherwise} when it is absent or empty. */
    private static String parameter(HttpServletRequest request, String name, String otherwise) {
        String value = request.getParameter(name);
        return value == null || value.isEmpty() ? otherwise : value;
    }

    private static Reply tooMany(String whose, long wait) {
        return new Reply(429, new Problem("too many failed lookups " + whose + ": try again in " + wait + " s"),
                HttpHeaders.RETRY_AFTER, Long.toString(wait));
    }

    private static Reply notAllowed(String allowed) {
        return new Reply(405, new Problem("method not allowed here: use " + allowed), HttpHeaders.ALLOW, allowed);
    }

    private static Reply notFound() {
        return Reply.problem(404, "no such resource: " + PATH + "/{serial}/balance, /transactions or /loss");
    }

    /** Balances are personal: never cached by a proxy or browser, never sniffed as anything but JSON. */
    private void send(HttpServletResponse response, Reply reply) throws IOException {
        byte[] body = json.writeValueAsBytes(reply.body());
        response.setStatus(reply.status());
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        if (reply.header() != null) {
            response.setHeader(reply.header(), reply.value());
        }
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static Transaction transaction(CardTransaction t) {
        return new Transaction(t.txnTime(), kind(t.txnType()), t.acquirerCity(), t.amount(), t.balanceAfter());
    }

    /** Load or purchase, from the transaction type of the card profile. */
    private static String kind(String type) {
        return Map.of("02", "LOAD", "06", "PURCHASE", "09", "PURCHASE").getOrDefault(type, "OTHER");
    }
}
