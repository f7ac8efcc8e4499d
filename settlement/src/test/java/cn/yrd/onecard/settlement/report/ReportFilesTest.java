package cn.yrd.onecard.settlement.report;

import static cn.yrd.onecard.settlement.intake.ClearingOutbox.DAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.yrd.onecard.database.ServiceTest;
import cn.yrd.onecard.settlement.SettlementTables;
import cn.yrd.onecard.settlement.day.DaySettlement;
import cn.yrd.onecard.settlement.intake.ClearingDayReader;
import cn.yrd.onecard.settlement.intake.ClearingOutbox;
import com.lowagie.text.pdf.PdfReader;
import com.lowagie.text.pdf.parser.PdfTextExtractor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The sample day's reports as files: the same figures in HTML, PDF and CSV, to the fen. */
@ServiceTest(schema = "settlement_report")
class ReportFilesTest {

    @Autowired
    DaySettlement settlement;

    @Autowired
    ReportFiles reports;

    @Autowired
    JdbcTemplate jdbc;

    @TempDir
    Path dir;

    @Test
    void theRegionAndEachCityInHtmlPdfAndCsvCarryTheLedgersFigures() throws Exception {
        SettlementTables.empty(jdbc);
        assertThatThrownBy(() -> reports.write(DAY, dir)).hasMessage("2026-11-23 is not settled: nothing to report");
        ClearingOutbox.write(dir.resolve("outbox"), ClearingOutbox.sampleDay());
        settlement.settle(ClearingDayReader.read(dir.resolve("outbox"), DAY));

        Path region = reports.write(DAY, dir.resolve("reports"));

        String html = Files.readString(region);
        assertThat(html).contains("<style>").contains("data-net-fen=\"-4099\"").contains("href=\"cities/3100.html\"")
                .contains("<svg").doesNotContain("Log out");
        assertThat(Files.readString(region.resolveSibling("cities/3205.html"))).contains("-9.01").contains("T01")
                .doesNotContain("3205000000000009");
        assertThat(Files.readString(region.resolveSibling("positions.csv")))
                .contains("2026-11-23,3100,Shanghai,1398,5497,3,2,-4099,-40.99\n").endsWith(",TOTAL,,,,,,0,0.00\n");
        String pdf = text(region.resolveSibling("region.pdf"));
        assertThat(pdf).contains("the region on 2026-11-23").contains("the 16 sum to 0.00").contains("-40.99")
                .contains("STL-20261123-3301");
        assertThat(text(region.resolveSibling("cities/3205.pdf"))).contains("net position -9.01 yuan").contains("T01");
    }

    private static String text(Path pdf) throws Exception {
        PdfReader reader = new PdfReader(Files.readAllBytes(pdf));
        StringBuilder all = new StringBuilder();
        PdfTextExtractor extractor = new PdfTextExtractor(reader);
        for (int page = 1; page <= reader.getNumberOfPages(); page++) {
            all.append(extractor.getTextFromPage(page)).append('\n');
        }
        return all.toString();
    }
}
