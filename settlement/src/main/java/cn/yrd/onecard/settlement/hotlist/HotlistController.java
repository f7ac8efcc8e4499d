package cn.yrd.onecard.settlement.hotlist;

import cn.yrd.onecard.settlement.holder.HolderRegister;
import cn.yrd.onecard.settlement.web.Officer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The hotlist over HTTP: terminals download it whole or as a delta since their version, signed
 * ({@code X-Hotlist-Signature}, {@value HotlistSigner#ALGORITHM} over the body, base64); issuing cities report cards
 * (POST, HTTP Basic as a CITY or REGION finance user).
 */
@RestController
class HotlistController {
    private static final MediaType TEXT = new MediaType("text", "plain", StandardCharsets.UTF_8);

    private final RegionalHotlist hotlist;
    private final HotlistSigner signer;

    HotlistController(RegionalHotlist hotlist, HotlistSigner signer) {
        this.hotlist = hotlist;
        this.signer = signer;
    }

    @GetMapping("/api/v1/hotlist")
    ResponseEntity<String> download(@RequestParam(required = false) String since) throws IOException {
        String body;
        if (since == null) {
            body = hotlist.full();
        } else if (since.matches("[0-9]{1,18}")) {
            body = hotlist.delta(Long.parseLong(since));
        } else {
            return ResponseEntity.badRequest().contentType(TEXT).body("since must be a list version (a whole number)\n");
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return ResponseEntity.ok().contentType(TEXT).header("X-Hotlist-Signature", signer.sign(bytes))
                .header("Cache-Control", "no-store").body(body);
    }

    @GetMapping("/api/v1/hotlist/key")
    ResponseEntity<String> key() throws IOException {
        return ResponseEntity.ok().contentType(TEXT).body(signer.publicKeyPem());
    }

    /**
     * A report: {@code {"card": "...", "reason": "LOST", "effectiveAt": "2026-11-23T12:00"}}; at a counter of another
     * city than the card's, with what the holder answered: {@code "holderPin"} or {@code "holderIdNumber"}.
     */
    record Report(String card, String reason, String effectiveAt, String holderPin, String holderIdNumber) {
        @Override
        public String toString() {
            return "Report[" + card + ", " + reason + ", " + effectiveAt + ", holder's answer redacted]";
        }
    }

    /** A card found again: off the list from the next version. */
    @PostMapping("/api/v1/hotlist/{card}/found")
    ResponseEntity<Map<String, Object>> found(@PathVariable String card, Authentication auth) {
        try {
            return ResponseEntity.ok(Map.of("version", hotlist.found(card, Officer.of(auth))));
        } catch (RegionalHotlist.NotYours e) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN).body(Map.of("error", e.getMessage()));
        } catch (RegionalHotlist.RefusedReport e) {
            return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
        }
    }

    @PostMapping(path = "/api/v1/hotlist", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> report(@RequestBody Report report, Authentication auth) {
        try {
            LocalDateTime at = report.effectiveAt() == null ? null : LocalDateTime.parse(report.effectiveAt());
            long version = hotlist.report(report.card(), report.reason(), at, Officer.of(auth),
                    new HolderRegister.Proof(report.holderPin(), report.holderIdNumber()));
            return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("version", version));
        } catch (DateTimeParseException e) {
            return ResponseEntity.badRequest().body(Map.of("error", "effectiveAt is YYYY-MM-DDThh:mm[:ss]"));
        } catch (RegionalHotlist.NotYours e) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN).body(Map.of("error", e.getMessage()));
        } catch (RegionalHotlist.RefusedReport e) {
            return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
        }
    }
}
