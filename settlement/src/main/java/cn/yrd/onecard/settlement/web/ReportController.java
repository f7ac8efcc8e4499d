package cn.yrd.onecard.settlement.web;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.settlement.fund.FundStatements;
import cn.yrd.onecard.settlement.report.DayFigures;
import cn.yrd.onecard.settlement.report.PdfReport;
import cn.yrd.onecard.settlement.report.ReportModel;
import cn.yrd.onecard.settlement.suspense.SuspenseQueue;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The finance pages: the region's day (who owes whom, net positions, the 30-day trend), a city's day (its
 * positions, fees, suspense items, reconciliation breaks), a city's merchants (volume and fee income by category,
 * the biggest), the suspense queue, and the same figures as CSV.
 * the same as PDF and CSV. The figures come from {@link DayFigures}, in fen; yuan are for reading only.
 */
@Controller
class ReportController {
    private final DayFigures figures;
    private final SuspenseQueue suspense;
    private final FundStatements fundStatements;

    ReportController(DayFigures figures, SuspenseQueue suspense, FundStatements fundStatements) {
        this.figures = figures;
        this.suspense = suspense;
        this.fundStatements = fundStatements;
    }

    @GetMapping("/login")
    String login() {
        return "login";
    }

    @GetMapping("/")
    String home(Authentication auth, Model model) {
        Officer officer = Officer.of(auth);
        LocalDate last = figures.lastSettled();
        if (last == null) {
            model.addAttribute("officer", officer);
            return "no-days";
        }
        return "redirect:/days/" + last + (officer.seesRegion() ? "" : "/cities/" + officer.city());
    }

    @GetMapping("/days/{date}")
    String region(@PathVariable String date, Authentication auth, Model model) {
        Officer officer = regional(auth);
        LocalDate day = settledDay(date);
        model.addAllAttributes(ReportModel.region(figures.region(day), "/days/" + day + "/cities/", ""));
        model.addAttribute("officer", officer);
        return "region";
    }

    @GetMapping("/days/{date}/cities/{city}")
    String city(@PathVariable String date, @PathVariable String city, Authentication auth, Model model) {
        Officer officer = Officer.of(auth);
        City c = visibleCity(officer, city);
        model.addAllAttributes(ReportModel.city(figures.city(settledDay(date), c)));
        model.addAttribute("officer", officer);
        return "city";
    }

    @GetMapping("/days/{date}/cities/{city}/merchants")
    String merchants(@PathVariable String date, @PathVariable String city, Authentication auth, Model model) {
        Officer officer = Officer.of(auth);
        City c = visibleCity(officer, city);
        model.addAttribute("m", figures.merchants(settledDay(date), c));
        model.addAttribute("officer", officer);
        return "merchants";
    }

    @GetMapping("/days/{date}/cities/{city}/merchants.csv")
    ResponseEntity<String> merchantsCsv(@PathVariable String date, @PathVariable String city, Authentication auth) {
        City c = visibleCity(Officer.of(auth), city);
        LocalDate day = settledDay(date);
        return download(c.code() + "-merchants-" + day + ".csv", CSV, DayFigures.merchantsCsv(figures.merchants(day,
                c)));
    }

    /** A city's funds away from home in a month (its bureaus' statement and statistics). */
    @GetMapping("/months/{month}/cities/{city}/funds")
    String funds(@PathVariable String month, @PathVariable String city, Authentication auth, Model model) {
        Officer officer = Officer.of(auth);
        model.addAttribute("s", fundStatements.statement(visibleCity(officer, city), month(month)));
        model.addAttribute("officer", officer);
        return "funds";
    }

    @GetMapping("/months/{month}/cities/{city}/funds.csv")
    ResponseEntity<String> fundsCsv(@PathVariable String month, @PathVariable String city, Authentication auth) {
        City c = visibleCity(Officer.of(auth), city);
        YearMonth m = month(month);
        return download(c.code() + "-funds-" + m + ".csv", CSV, FundStatements.csv(fundStatements.statement(c, m)));
    }

    @GetMapping("/days/{date}/suspense")
    String queue(@PathVariable String date, Authentication auth, Model model) {
        Officer officer = regional(auth);
        LocalDate day = settledDay(date);
        model.addAttribute("officer", officer);
        model.addAttribute("date", day);
        model.addAttribute("items", suspense.ofDay(day, null));
        return "suspense";
    }

    @PostMapping("/days/{date}/suspense/{id}/{decision}")
    String decide(@PathVariable String date, @PathVariable long id, @PathVariable String decision,
            @RequestParam(defaultValue = "") String note, Authentication auth, RedirectAttributes flash) {
        LocalDate day = settledDay(date);
        try {
            switch (decision) {
                case "release" -> suspense.release(id, auth.getName(), note);
                case "write-off" -> suspense.writeOff(id, auth.getName(), note);
                default -> throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no decision '" + decision + "'");
            }
            flash.addFlashAttribute("message", "item " + id + ": " + decision.replace('-', ' ') + " recorded");
        } catch (SuspenseQueue.RefusedDecision e) {
            flash.addFlashAttribute("error", "item " + id + ": " + e.getMessage());
        }
        return "redirect:/days/" + day + "/suspense";
    }

    @GetMapping("/days/{date}/positions.csv")
    ResponseEntity<String> positionsCsv(@PathVariable String date, Authentication auth) {
        regional(auth);
        LocalDate day = settledDay(date);
        return download("positions-" + day + ".csv", CSV, DayFigures.positionsCsv(figures.region(day)));
    }

    @GetMapping("/days/{date}/report.pdf")
    ResponseEntity<byte[]> regionPdf(@PathVariable String date, Authentication auth) {
        regional(auth);
        LocalDate day = settledDay(date);
        return download("region-" + day + ".pdf", MediaType.APPLICATION_PDF, PdfReport.region(figures.region(day)));
    }

    @GetMapping("/days/{date}/cities/{city}/totals.csv")
    ResponseEntity<String> cityCsv(@PathVariable String date, @PathVariable String city, Authentication auth) {
        City c = visibleCity(Officer.of(auth), city);
        LocalDate day = settledDay(date);
        return download(c.code() + "-totals-" + day + ".csv", CSV, DayFigures.totalsCsv(figures.city(day, c)));
    }

    @GetMapping("/days/{date}/cities/{city}/report.pdf")
    ResponseEntity<byte[]> cityPdf(@PathVariable String date, @PathVariable String city, Authentication auth) {
        City c = visibleCity(Officer.of(auth), city);
        LocalDate day = settledDay(date);
        return download(c.code() + "-" + day + ".pdf", MediaType.APPLICATION_PDF, PdfReport.city(figures.city(day, c)));
    }

    private static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private static <T> ResponseEntity<T> download(String name, MediaType type, T body) {
        return ResponseEntity.ok().contentType(type)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"").body(body);
    }

    private static Officer regional(Authentication auth) {
        Officer officer = Officer.of(auth);
        if (!officer.seesRegion()) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "a city's officer sees only that city");
        }
        return officer;
    }

    private static City visibleCity(Officer officer, String city) {
        City c = Cities.find(city).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "no city '" + city + "'"));
        if (!officer.maySee(c.code())) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "a city's officer sees only that city");
        }
        return c;
    }

    private LocalDate settledDay(String date) {
        LocalDate day;
        try {
            day = LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "a date is YYYY-MM-DD");
        }
        if (!figures.settled(day)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, day + " is not settled");
        }
        return day;
    }

    private static YearMonth month(String month) {
        try {
            return YearMonth.parse(month);
        } catch (DateTimeParseException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "a month is YYYY-MM");
        }
    }
}
