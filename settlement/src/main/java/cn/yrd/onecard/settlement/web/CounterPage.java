package cn.yrd.onecard.settlement.web;

import cn.yrd.onecard.money.Fen;
import cn.yrd.onecard.settlement.cardcase.CardCase;
import cn.yrd.onecard.settlement.cardcase.CardCases;
import java.time.LocalDate;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A city's service counter: a lost card refunded in cash or replaced by a new card (docs/settlement.md, "A lost card's
 * money"), and the day's decisions of the officer's city, as the issuer or as the counter (CSV:
 * {@code /api/v1/counter/cases}). The holder's proof, at another city's counter, is not taken on this page: the app's
 * token goes with the API call the counter's own terminal makes.
 */
@Controller
class CounterPage {
    private final CardCases cases;

    CounterPage(CardCases cases) {
        this.cases = cases;
    }

    @GetMapping("/counter")
    String page(Authentication auth, Model model) {
        LocalDate today = LocalDate.now();
        model.addAttribute("officer", Officer.of(auth));
        model.addAttribute("today", today);
        model.addAttribute("cases", cases.decidedOn(today, Officer.of(auth)));
        model.addAttribute("reports", cases.reportedOn(today, Officer.of(auth)));
        return "counter";
    }

    /** The day's decisions the officer may see, as CSV, with its total. */
    @GetMapping(path = "/counter.csv", produces = "text/csv;charset=UTF-8")
    @org.springframework.web.bind.annotation.ResponseBody
    String csv(Authentication auth) {
        return CardCases.csv(cases.decidedOn(LocalDate.now(), Officer.of(auth)));
    }

    /** The day's loss reports the officer may see, as CSV, with their count. */
    @GetMapping(path = "/counter/reports.csv", produces = "text/csv;charset=UTF-8")
    @org.springframework.web.bind.annotation.ResponseBody
    String reportsCsv(Authentication auth) {
        return CardCases.reportsCsv(cases.reportedOn(LocalDate.now(), Officer.of(auth)));
    }

    @PostMapping("/counter/refund")
    String refund(@RequestParam String card, @RequestParam(required = false) String counterCity,
            @RequestParam(required = false) String bankAccount, Authentication auth, RedirectAttributes flash) {
        return decided(flash, () -> cases.refund(card.strip(), blankToNull(counterCity), blankToNull(bankAccount),
                Officer.of(auth), false, null).decision());
    }

    @PostMapping("/counter/replacement")
    String replace(@RequestParam String card, @RequestParam String newCard,
            @RequestParam(required = false) String counterCity, Authentication auth, RedirectAttributes flash) {
        return decided(flash, () -> cases.replace(card.strip(), newCard.strip(), blankToNull(counterCity),
                Officer.of(auth), false, null).decision());
    }

    private interface Decision {
        CardCase take() throws CardCases.Refused;
    }

    private static String decided(RedirectAttributes flash, Decision d) {
        try {
            CardCase c = d.take();
            flash.addFlashAttribute("message", "card " + CardCase.masked(c.card()) + " " + c.status() + ": "
                    + Fen.asYuan(c.amount()) + " yuan");
        } catch (CardCases.Refused e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/counter";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
