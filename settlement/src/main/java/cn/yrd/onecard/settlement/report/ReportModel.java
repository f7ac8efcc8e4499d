package cn.yrd.onecard.settlement.report;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.money.Fen;
import java.util.HashMap;
import java.util.Map;

/** What the region and city templates show, the same for a page and for a report file. */
public final class ReportModel {
    private ReportModel() {
    }

    /** @param cityBase, citySuffix how the region links to a city: a page path, or a file beside the report */
    public static Map<String, Object> region(DayFigures.Region r, String cityBase, String citySuffix) {
        Map<String, Object> m = new HashMap<>();
        m.put("date", r.date());
        m.put("cities", Cities.all());
        m.put("lines", DayFigures.LINES);
        m.put("matrices", r.matrices());
        m.put("positions", r.positions());
        m.put("positionsSum", Fen.asYuan(r.positionsSum()));
        m.put("instructions", r.instructions());
        m.put("breaks", r.breaks());
        m.put("suspenseCount", r.openSuspense());
        m.put("positionChart", Charts.bars("Net positions " + r.date() + " (yuan)", r.positions().stream()
                .map(p -> new Charts.Bar(Cities.byCode(p.city()).nameEn(), p.net())).toList()));
        m.put("trendChart", Charts.line("Records settled per day, 30 days to " + r.date(), r.trend()));
        m.put("cityBase", cityBase);
        m.put("citySuffix", citySuffix);
        return m;
    }

    public static Map<String, Object> city(DayFigures.CityDay d) {
        Map<String, Object> m = new HashMap<>();
        m.put("date", d.date());
        m.put("city", d.city());
        m.put("position", d.position());
        m.put("totals", d.totals());
        m.put("instructions", d.instructions());
        m.put("suspense", d.suspense());
        m.put("breaks", d.breaks());
        return m;
    }
}
