package cn.yrd.onecard.settlement.web;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.money.Fen;
import cn.yrd.onecard.settlement.day.DaySettlement;
import cn.yrd.onecard.settlement.intake.PairTotal;
import cn.yrd.onecard.settlement.netting.NetPosition;
import cn.yrd.onecard.settlement.reconciliation.Reconciliation;
import cn.yrd.onecard.settlement.reconciliation.ReconciliationTable.FoundBreak;
import cn.yrd.onecard.settlement.suspense.SuspenseQueue;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * positions, fees, suspense items, reconciliation breaks), the suspense queue, and the same figures as CSV.
 * Every figure comes from the ledger's tables in fen; yuan are for reading only.
 */
@Controller
class ReportController {
    private static final List<String> LINES = List.of("TRANSIT", "MEDICAL", "PENSION");

    private final DaySettlement days;
    private final SuspenseQueue suspense;
    private final Reconciliation reconciliation;

    ReportController(DaySettlement days, SuspenseQueue suspense, Reconciliation reconciliation) {
        this.days = days;
        this.suspense = suspense;
        this.reconciliation = reconciliation;
    }

    /** A row of the who-owes-whom matrix: the payer and, per payee, the net it owes (null where nothing). */
    record MatrixRow(City payer, List<String> cells, String total) {
    }

    @GetMapping("/login")
    String login() {
        return "login";
    }

    @GetMapping("/")
    String home(Authentication auth, Model model) {
        Officer officer = Officer.of(auth);
        LocalDate last = days.lastClosed();
        if (last == null) {
            model.addAttribute("officer", officer);
            return "no-days";
        }
        return "redirect:/days/" + last + (officer.seesRegion() ? "" : "/cities/" + officer.city());
    }

    @GetMapping("/days/{date}")
    String region(@PathVariable String date, Authentication auth, Model model) {
        Officer officer = Officer.of(auth);
        if (!officer.seesRegion()) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "a city's officer sees only that city");
        }
        LocalDate day = closedDay(date);
        List<PairTotal> totals = days.totals(day);
        List<NetPosition> positions = days.positions(day);
        model.addAttribute("officer", officer);
        model.addAttribute("date", day);
        model.addAttribute("cities", Cities.all());
        model.addAttribute("lines", LINES);
        Map<String, List<MatrixRow>> matrices = new java.util.LinkedHashMap<>();
        for (String line : LINES) {
            matrices.put(line, matrix(totals, line));
        }
        model.addAttribute("matrices", matrices);
        model.addAttribute("positions", positions);
        model.addAttribute("positionsSum", Fen.asYuan(positions.stream().mapToLong(NetPosition::net).sum()));
        model.addAttribute("instructions", days.instructions(day));
        model.addAttribute("positionChart", Charts.bars("Net positions " + day + " (yuan)", positions.stream()
                .map(p -> new Charts.Bar(Cities.byCode(p.city()).nameEn(), p.net())).toList()));
        model.addAttribute("trendChart", Charts.line("Records settled per day, 30 days to " + day,
                days.lastThirtyDays(day).stream().map(s -> new Charts.Point(s.businessDate().toString().substring(5),
                        s.recordCount())).toList()));
        model.addAttribute("suspenseCount", suspense.ofDay(day, null).stream().filter(i -> i.open()).count());
        model.addAttribute("breaks", reconciliation.breaks(day));
        return "region";
    }

    @GetMapping("/days/{date}/cities/{city}")
    String city(@PathVariable String date, @PathVariable String city, Authentication auth, Model model) {
        Officer officer = Officer.of(auth);
        City c = visibleCity(officer, city);
        LocalDate day = closedDay(date);
        model.addAttribute("officer", officer);
        model.addAttribute("date", day);
        model.addAttribute("city", c);
        model.addAttribute("position", days.positions(day).stream().filter(p -> p.city().equals(c.code()))
                .findFirst().orElse(new NetPosition(c.code(), 0, 0, 0, 0)));
        model.addAttribute("totals", days.totals(day).stream()
                .filter(t -> t.payer().equals(c.code()) || t.payee().equals(c.code())).toList());
        model.addAttribute("instructions", days.instructions(day).stream().filter(i -> i.city().equals(c.code()))
                .toList());
        model.addAttribute("suspense", suspense.ofDay(day, c.code()));
        model.addAttribute("breaks", reconciliation.breaks(day).stream().filter(b -> concerns(b, c.code())).toList());
        return "city";
    }

    @GetMapping("/days/{date}/suspense")
    String queue(@PathVariable String date, Authentication auth, Model model) {
        Officer officer = Officer.of(auth);
        if (!officer.seesRegion()) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "a city's officer sees only that city");
        }
        LocalDate day = closedDay(date);
        model.addAttribute("officer", officer);
        model.addAttribute("date", day);
        model.addAttribute("items", suspense.ofDay(day, null));
        return "suspense";
    }

    @PostMapping("/days/{date}/suspense/{id}/{decision}")
    String decide(@PathVariable String date, @PathVariable long id, @PathVariable String decision,
            @RequestParam(defaultValue = "") String note, Authentication auth, RedirectAttributes flash) {
        LocalDate day = closedDay(date);
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
        if (!Officer.of(auth).seesRegion()) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "a city's officer sees only that city");
        }
        LocalDate day = closedDay(date);
        StringBuilder csv = new StringBuilder("business_date,city,name,receivable_fen,payable_fen,fee_income_fen,"
                + "fee_expense_fen,net_fen,net_yuan\n");
        long sum = 0;
        for (NetPosition p : days.positions(day)) {
            csv.append(String.join(",", day.toString(), p.city(), Cities.byCode(p.city()).nameEn(),
                    Long.toString(p.receivable()), Long.toString(p.payable()), Long.toString(p.feeIncome()),
                    Long.toString(p.feeExpense()), Long.toString(p.net()), Fen.asYuan(p.net()))).append('\n');
            sum += p.net();
        }
        csv.append(day).append(",TOTAL,,,,,,").append(sum).append(',').append(Fen.asYuan(sum)).append('\n');
        return csv("positions-" + day + ".csv", csv);
    }

    @GetMapping("/days/{date}/cities/{city}/totals.csv")
    ResponseEntity<String> cityCsv(@PathVariable String date, @PathVariable String city, Authentication auth) {
        City c = visibleCity(Officer.of(auth), city);
        LocalDate day = closedDay(date);
        StringBuilder csv = new StringBuilder("business_date,business_line,payer,payee,records,gross_fen,fees_fen,"
                + "net_fen\n");
        for (PairTotal t : days.totals(day)) {
            if (t.payer().equals(c.code()) || t.payee().equals(c.code())) {
                csv.append(String.join(",", day.toString(), t.businessLine(), t.payer(), t.payee(),
                        Long.toString(t.count()), Long.toString(t.gross()), Long.toString(t.fees()),
                        Long.toString(t.net()))).append('\n');
            }
        }
        return csv(c.code() + "-totals-" + day + ".csv", csv);
    }

    private static ResponseEntity<String> csv(String name, CharSequence body) {
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"").body(body.toString());
    }

    private static List<MatrixRow> matrix(List<PairTotal> totals, String line) {
        Map<String, Long> cell = new TreeMap<>();
        for (PairTotal t : totals) {
            if (t.businessLine().equals(line) && !t.local()) {
                cell.merge(t.payer() + t.payee(), t.net(), Long::sum);
            }
        }
        List<MatrixRow> rows = new ArrayList<>();
        for (City payer : Cities.all()) {
            List<String> cells = new ArrayList<>();
            long total = 0;
            for (City payee : Cities.all()) {
                Long v = cell.get(payer.code() + payee.code());
                cells.add(v == null ? "" : Fen.asYuan(v));
                total += v == null ? 0 : v;
            }
            rows.add(new MatrixRow(payer, cells, Fen.asYuan(total)));
        }
        return rows;
    }

    private static boolean concerns(FoundBreak b, String city) {
        return b.source().equals("STATEMENT:" + city) || b.reference().contains("-" + city);
    }

    private static City visibleCity(Officer officer, String city) {
        City c = Cities.find(city).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "no city '" + city + "'"));
        if (!officer.maySee(c.code())) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "a city's officer sees only that city");
        }
        return c;
    }

    private LocalDate closedDay(String date) {
        LocalDate day;
        try {
            day = LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "a date is YYYY-MM-DD");
        }
        if (days.closedAt(day) == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, day + " is not settled");
        }
        return day;
    }
}
