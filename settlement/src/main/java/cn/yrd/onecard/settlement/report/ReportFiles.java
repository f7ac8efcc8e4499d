package cn.yrd.onecard.settlement.report;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.settlement.day.DayTable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * A settled day's reports as files, for finance staff without the web app and for the archive: the region and
 * each city as HTML (the pages' own templates, styles inlined, charts as SVG) and PDF, and the CSV downloads.
 */
@Service
public class ReportFiles {
    private final DayFigures figures;
    private final ITemplateEngine templates;

    ReportFiles(DayFigures figures, ITemplateEngine templates) {
        this.figures = figures;
        this.templates = templates;
    }

    /**
     * Writes {@code <dir>/<date>/region.html|pdf}, {@code positions.csv}, per city under {@code cities/} and each paid
     * merchant's statement under {@code merchants/<merchant>.csv|pdf}.
     */
    public Path write(LocalDate date, Path dir) throws IOException {
        if (!figures.settled(date)) {
            throw new IOException(date + " is not settled: nothing to report");
        }
        Path out = Files.createDirectories(dir.resolve(date.toString()).resolve("cities")).getParent();
        String css;
        try (InputStream in = getClass().getResourceAsStream("/static/css/app.css")) {
            css = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        DayFigures.Region region = figures.region(date);
        Files.writeString(out.resolve("region.html"), html("region", ReportModel.region(region, "cities/", ".html"), css));
        Files.write(out.resolve("region.pdf"), PdfReport.region(region));
        Files.writeString(out.resolve("positions.csv"), DayFigures.positionsCsv(region));
        for (City city : Cities.all()) {
            DayFigures.CityDay day = figures.city(date, city);
            Files.writeString(out.resolve("cities/" + city.code() + ".html"), html("city", ReportModel.city(day), css));
            Files.write(out.resolve("cities/" + city.code() + ".pdf"), PdfReport.city(day));
            Files.writeString(out.resolve("cities/" + city.code() + "-totals.csv"), DayFigures.totalsCsv(day));
        }
        List<DayTable.Statement> statements = figures.statements(date);
        if (!statements.isEmpty()) {
            Path merchants = Files.createDirectories(out.resolve("merchants"));
            for (DayTable.Statement s : statements) {
                Files.writeString(merchants.resolve(s.merchantId() + ".csv"), DayFigures.statementCsv(s));
                Files.write(merchants.resolve(s.merchantId() + ".pdf"), PdfReport.statement(s));
            }
        }
        return out.resolve("region.html");
    }

    private String html(String template, Map<String, Object> model, String css) {
        Context context = new Context();
        context.setVariables(model);
        context.setVariable("inlineCss", css);
        return templates.process(template, context);
    }
}
