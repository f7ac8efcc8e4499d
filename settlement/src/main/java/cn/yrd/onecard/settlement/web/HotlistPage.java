package cn.yrd.onecard.settlement.web;

import cn.yrd.onecard.settlement.holder.HolderRegister;
import cn.yrd.onecard.settlement.hotlist.RegionalHotlist;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The page where an issuing city's staff report a lost, stolen, refunded or damaged card, and take a card found again
 * off the list.
 */
@Controller
class HotlistPage {
    private final RegionalHotlist hotlist;

    HotlistPage(RegionalHotlist hotlist) {
        this.hotlist = hotlist;
    }

    @GetMapping("/hotlist")
    String page(Authentication auth, Model model) {
        model.addAttribute("officer", Officer.of(auth));
        model.addAttribute("version", hotlist.latestVersion());
        model.addAttribute("reasons", RegionalHotlist.REASONS.stream().sorted().toList());
        return "hotlist";
    }

    @PostMapping("/hotlist")
    String report(@RequestParam String card, @RequestParam String reason, @RequestParam String effectiveAt,
            @RequestParam(required = false) String holderPin, @RequestParam(required = false) String holderIdNumber,
            Authentication auth, RedirectAttributes flash) {
        try {
            long version = hotlist.report(card.strip(), reason, LocalDateTime.parse(effectiveAt), Officer.of(auth),
                    new HolderRegister.Proof(blankToNull(holderPin), blankToNull(holderIdNumber)));
            flash.addFlashAttribute("message", "listed in hotlist version " + version);
        } catch (DateTimeParseException e) {
            flash.addFlashAttribute("error", "the time is YYYY-MM-DDThh:mm");
        } catch (RegionalHotlist.RefusedReport e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/hotlist";
    }

    @PostMapping("/hotlist/found")
    String found(@RequestParam String card, Authentication auth, RedirectAttributes flash) {
        try {
            long version = hotlist.found(card.strip(), Officer.of(auth));
            flash.addFlashAttribute("message", "off the list from hotlist version " + version);
        } catch (RegionalHotlist.RefusedReport e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/hotlist";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
