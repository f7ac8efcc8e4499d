package cn.yrd.onecard.card;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The records of a real T-Union card in {@code /recorded} (docs/conformance.md, "Answers recorded from real
 * cards"): each line a place, the record's bytes and its fields as the card profile's layout reads them.
 */
public final class RecordedCardFiles {
    public static final String TRIPS = "/recorded/tunion-trips.tsv";
    public static final String LOG = "/recorded/tunion-log.tsv";

    private RecordedCardFiles() {
    }

    /** The lines of {@code table}, each of {@code columns} tab-separated fields; lines starting with # are comments. */
    public static List<String[]> lines(String table, int columns) {
        List<String[]> lines = new ArrayList<>();
        try (InputStream in = RecordedCardFiles.class.getResourceAsStream(table)) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                assertThat(f).as(table + ": " + line).hasSize(columns);
                lines.add(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    /** The trip record the card holds from {@code place}. */
    public static byte[] trip(String place) {
        return lines(TRIPS, 10).stream().filter(f -> f[0].equals(place)).findFirst()
                .map(f -> HexFormat.of().parseHex(f[1])).orElseThrow(() -> new IllegalArgumentException(place));
    }
}
