package cn.yrd.onecard.clearing.job;

import static cn.yrd.onecard.clearing.job.DailyClearingJobTest.transit;
import static org.assertj.core.api.Assertions.assertThat;

import cn.yrd.onecard.card.CardSerial;
import cn.yrd.onecard.clearing.load.NightInputs;
import cn.yrd.onecard.crypto.KeystorePassword;
import cn.yrd.onecard.database.ServiceTest;
import cn.yrd.onecard.hotlist.HotlistFile;
import cn.yrd.onecard.record.TransitRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A warm clearing service (the seed sweep's command host) clears night after night on one context: each night
 * checks against the hotlist its own run names, read afresh even when a later list is written under the same name.
 */
@ServiceTest(schema = "clearing_inputs")
class NightInputsTest {
    static final LocalDate NIGHT1 = LocalDate.of(2026, 11, 23);
    static final Path WORK = DailyClearingJobTest.WORK.resolve("night-inputs");

    @Autowired
    JobOperator operator;

    @Autowired
    Job dailyClearing;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    NightInputs inputs;

    @Test
    void eachNightOfOneContextChecksAgainstTheHotlistOfItsOwnRun() throws Exception {
        Path inbox = Files.createDirectories(WORK.resolve("inbox"));
        Path hotlist = WORK.resolve("hotlist.txt");
        CardSerial card = CardSerial.of("3100000000000001");
        for (int night = 0; night < 3; night++) {
            LocalDate date = NIGHT1.plusDays(night);
            TransitRecord ride = DailyClearingJobTest.ride(card, "3100", "3205", night, 100, 1000 - 100 * night,
                    LocalDate.of(2030, 1, 1), date.atTime(9, 0), 500 + night);
            transit(inbox.resolve("SZMETRO-" + date + ".txt"), "SZMETRO", "3205", List.of(ride), date, 1);
        }
        String header = "H|HOTLIST|1|%d|20261123000000";

        // Night 1: no hotlist. Night 2: the card listed since the night before. Night 3: a new version under the same
        // name, the card taken off again (found, say).
        assertThat(clear(NIGHT1, "")).isEqualTo(BatchStatus.COMPLETED);
        Files.writeString(hotlist, HotlistFile.assemble(header.formatted(1),
                List.of("D|" + card.digits() + "|LOST|20261123120000")));
        assertThat(clear(NIGHT1.plusDays(1), hotlist.toString())).isEqualTo(BatchStatus.COMPLETED);
        Files.writeString(hotlist, HotlistFile.assemble(header.formatted(2), List.of()));
        assertThat(clear(NIGHT1.plusDays(2), hotlist.toString())).isEqualTo(BatchStatus.COMPLETED);

        assertThat(jdbc.queryForList("SELECT CONCAT_WS(' ', business_date, status, COALESCE(reason, '-')) FROM "
                + "clearing_record ORDER BY business_date", String.class)).containsExactly(
                "2026-11-23 A -", "2026-11-24 S H01", "2026-11-25 A -");
    }

    private BatchStatus clear(LocalDate date, String hotlist) throws Exception {
        inputs.set(new NightInputs.Inputs(DailyClearingJobTest.WORK.resolve("keys.p12").toString(),
                System.getenv().getOrDefault(KeystorePassword.ENV, ""), hotlist, "", "", "", "", "", ""));
        return DailyClearingJobTest.start(operator, dailyClearing, date, "1", WORK.resolve("inbox"),
                WORK.resolve("outbox")).getStatus();
    }
}
