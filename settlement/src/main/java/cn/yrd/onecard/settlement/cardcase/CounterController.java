package cn.yrd.onecard.settlement.cardcase;

import cn.yrd.onecard.settlement.api.HolderProof;
import cn.yrd.onecard.settlement.web.Officer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A city's service counter settles a lost card's money over HTTP (HTTP Basic as a CITY or REGION finance user):
 * {@code POST /api/v1/counter/cards/{card}/refund} pays it out in cash (or, with {@code {"bankAccount": "…"}}, to the
 * holder's bank card with the next settled day's instructions), {@code …/replacement} with
 * {@code {"newCard": "…"}} moves it onto a new card the counter's city issued. The holder's proof, when the counter
 * is not of the card's city, is their city app's token in {@code X-Holder-Token}. {@code GET
 * /api/v1/counter/cases?date=…} is the day's decisions as CSV.
 */
@RestController
class CounterController {
    static final String HOLDER_TOKEN = "X-Holder-Token";
    /** A counter's key for one request: sent again with a retry, it gets the first answer back (200, replayed). */
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final CardCases cases;
    private final HolderProof proof;

    CounterController(CardCases cases, HolderProof proof) {
        this.cases = cases;
        this.proof = proof;
    }

    /**
     * A counter's request: the new card for a replacement; the holder's bank card for a refund not paid in cash; the
     * counter's city when the region's staff act.
     */
    record Request(String newCard, String counterCity, String bankAccount) {
    }

    @PostMapping("/api/v1/counter/cards/{card}/refund")
    ResponseEntity<Map<String, Object>> refund(@PathVariable String card, @RequestBody(required = false) Request r,
            @RequestHeader(name = HOLDER_TOKEN, required = false) String holderToken,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key, Authentication auth) {
        return answer(() -> cases.refund(card, r == null ? null : r.counterCity(), r == null ? null : r.bankAccount(),
                Officer.of(auth), proof.proves(card, holderToken), key));
    }

    @PostMapping("/api/v1/counter/cards/{card}/replacement")
    ResponseEntity<Map<String, Object>> replace(@PathVariable String card, @RequestBody(required = false) Request r,
            @RequestHeader(name = HOLDER_TOKEN, required = false) String holderToken,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key, Authentication auth) {
        return answer(() -> cases.replace(card, r == null ? null : r.newCard(), r == null ? null : r.counterCity(),
                Officer.of(auth), proof.proves(card, holderToken), key));
    }

    /** The decisions of {@code date}, as CSV: a city's officer sees its own city's, as issuer or counter. */
    @GetMapping("/api/v1/counter/cases")
    ResponseEntity<String> cases(@RequestParam String date, Authentication auth) {
        return csvOfDay(date, "card-cases-", day -> CardCases.csv(cases.decidedOn(day, Officer.of(auth))));
    }

    /** The losses reported on {@code date}, as CSV: a city's officer sees its city's cards and its staff's reports. */
    @GetMapping("/api/v1/counter/reports")
    ResponseEntity<String> reports(@RequestParam String date, Authentication auth) {
        return csvOfDay(date, "card-reports-", day -> CardCases.reportsCsv(cases.reportedOn(day, Officer.of(auth))));
    }

    /** A day's CSV download, or one line saying the date is not one. */
    private static ResponseEntity<String> csvOfDay(String date, String name,
            java.util.function.Function<LocalDate, String> csv) {
        LocalDate day;
        try {
            day = LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            return ResponseEntity.badRequest().contentType(MediaType.TEXT_PLAIN).body("date is YYYY-MM-DD\n");
        }
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header("Content-Disposition", "attachment; filename=\"" + name + day + ".csv\"")
                .body(csv.apply(day));
    }

    private interface Decision {
        CardCases.Decided take() throws CardCases.Refused;
    }

    private static ResponseEntity<Map<String, Object>> answer(Decision d) {
        try {
            CardCases.Decided decided = d.take();
            CardCase c = decided.decision();
            return ResponseEntity.status(decided.replayed() ? HttpStatus.OK : HttpStatus.CREATED).body(Map.of(
                    "card", c.maskedCard(), "outcome", c.outcome(), "amountFen", c.amount(), "status", c.status(), "paidTo", c.paidTo(),
                    "replayed", decided.replayed()));
        } catch (CardCases.NotYours e) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN).body(Map.of("error", e.getMessage()));
        } catch (CardCases.Refused e) {
            return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
        }
    }
}
