package cn.yrd.onecard.clearing.validation;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.database.DatabaseConnection;
import cn.yrd.onecard.database.TestDatabase;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A file's chunks on the server: a city's records cut into chunks of at most about 1 MB, each readable on its own, a
 * row for a city without records, and a file whose chunks an older clearing wrote left to be read whole.
 */
class PurseRecordChunksTest {
    @Test
    void aCitysRecordsComeBackFromItsChunksInTheOrderLoaded() {
        DatabaseConnection db = TestDatabase.forService("clearing_chunks");
        Flyway.configure().dataSource(db.url(), db.user(), db.password()).locations("classpath:db/migration").load()
                .migrate();
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(db.url(), db.user(), db.password()));
        List<PurseRecord> suzhou = new ArrayList<>();
        for (int i = 0; i < 150_000; i++) { // about 2.5 MB: three chunks
            suzhou.add(new PurseRecord(3_205_000_000_000_000L + i * 7919L % 1_000_000, 'O', 1 + i % 500, i % 97 != 0,
                    20_780, 1, 2 + 16 * i, 10_000 - i % 5_000, 9_800 - i % 5_000, 20_261_123_060_000L + i / 3,
                    String.format("32050000%04X", i % 64), i / 64));
        }
        List<PurseRecord> shanghai = List.of(new PurseRecord(3_100_000_000_000_001L, 'N', 3, true, 20_780, 1, 5,
                PurseRecord.NONE, PurseRecord.NONE, 20_261_123_081_529L, null, 5));
        PurseRecordChunks.write(jdbc, 1, Map.of("3205", suzhou, "3100", shanghai));

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM purse_record_chunk WHERE file_id = 1 AND issuer_city = "
                + "'3205'", Integer.class)).as("Suzhou's chunks").isEqualTo(3);
        assertThat(jdbc.queryForObject("SELECT MAX(LENGTH(records)) FROM purse_record_chunk", Integer.class))
                .isLessThanOrEqualTo((1 << 20) + 64);
        for (City city : Cities.all()) {
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM purse_record_chunk WHERE file_id = 1 AND issuer_city "
                    + "= ?", Integer.class, city.code())).as("chunks of %s", city.code()).isPositive();
        }
        assertThat(fields(PurseRecordChunks.read(jdbc, "3205", List.of(1L)).get(1L))).isEqualTo(fields(suzhou));
        assertThat(fields(PurseRecordChunks.read(jdbc, "3100", List.of(1L)).get(1L))).isEqualTo(fields(shanghai));
        assertThat(PurseRecordChunks.read(jdbc, "3201", List.of(1L))).as("a city without records in the file")
                .containsOnlyKeys(1L).allSatisfy((file, records) -> assertThat(records).isEmpty());

        // File 2's chunk as a clearing before this format wrote it (each field whole): file 2 is read whole instead.
        jdbc.update("INSERT INTO purse_record_chunk (file_id, issuer_city, seq, records) VALUES (2, '3205', 0, ?)",
                (Object) HexFormat.of().parseHex("000b62ee3681502a4f110ed8c40204a09c01e49601b894da90ad9b0912ab34cd56"
                        + "ef80890f"));
        assertThat(PurseRecordChunks.read(jdbc, "3205", List.of(1L, 2L))).containsOnlyKeys(1L);
    }

    private static List<String> fields(List<PurseRecord> records) {
        return records.stream().map(r -> r.card + " " + r.counterKind + " " + r.counter + " " + r.accepted + " "
                + r.day + " " + r.fileId + " " + r.lineNo + " " + r.balanceBefore + " " + r.balanceAfter + " " + r.time
                + " " + r.terminalNo + " " + r.ttc).toList();
    }
}
