package cn.yrd.onecard.terminal.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.yrd.onecard.card.CardSerial;
import cn.yrd.onecard.card.CardType;
import cn.yrd.onecard.card.Industry;
import cn.yrd.onecard.card.TransactionType;
import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.crypto.CardAlgorithm;
import cn.yrd.onecard.dayfile.DayFileReader;
import cn.yrd.onecard.dayfile.RecordFormats;
import cn.yrd.onecard.record.TransitRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
    @TempDir
    Path dir;

    /**
     * A crash tears the last line wherever it was cut: inside the file's reserve (the bytes after the cut still
     * zero), or with the file cut short there (a plain log, or a copy); either way the two completed rides stay.
     */
    @Test
    void survivesACrashAtAnyByteOfItsLastLine() throws Exception {
        try (Journal j = Journal.open(dir)) {
            long a = j.intent(ride(1, 200));
            j.complete(a, "11111111");
            long b = j.intent(ride(2, 300));
            j.complete(b, "22222222");
            j.intent(ride(3, 400));
        }
        byte[] file = Files.readAllBytes(dir.resolve(Journal.FILE));
        byte[] full = Arrays.copyOf(file, new String(file, StandardCharsets.UTF_8).lastIndexOf('\n') + 1);
        assertThat(file.length).as("the file runs ahead of its lines").isGreaterThan(full.length + 100_000);
        int lastLineStart = new String(full, StandardCharsets.UTF_8).lastIndexOf('\n', full.length - 2) + 1;
        for (int cut = lastLineStart; cut <= full.length; cut++) {
            for (int length : new int[] {file.length, cut}) {
                Files.write(dir.resolve(Journal.FILE), Arrays.copyOf(Arrays.copyOf(full, cut), length));
                String as = "cut at " + cut + ", file of " + length + " bytes";
                try (Journal j = Journal.open(dir)) {
                    assertThat(j.completed()).as(as).extracting(TransitRecord::tac)
                            .containsExactly("11111111", "22222222");
                    boolean whole = cut == full.length;
                    assertThat(j.pending()).as(as).hasSize(whole ? 1 : 0);
                    assertThat(j.droppedLines()).as(as).isEqualTo(whole || cut == lastLineStart ? 0 : 1);
                    // After recovery the journal goes on where the good part ended.
                    long c = j.intent(ride(4, 500));
                    j.complete(c, "44444444");
                }
                try (Journal j = Journal.open(dir)) {
                    assertThat(j.completed()).as(as).extracting(TransitRecord::tac).endsWith("44444444");
                    assertThat(j.droppedLines()).isZero();
                }
            }
        }
    }

    /**
     * The disk may write a line's pages in any order: a crash can leave the end of the last line on disk and not its
     * start, which then reads as zero bytes. That line is torn too, not damage: the lines before it stay.
     */
    @Test
    void aLastLineWhoseStartNeverReachedTheDiskIsTorn() throws Exception {
        try (Journal j = Journal.open(dir)) {
            j.complete(j.intent(ride(1, 200)), "11111111");
            j.intent(ride(2, 300));
        }
        byte[] file = Files.readAllBytes(dir.resolve(Journal.FILE));
        String text = new String(file, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n') + 1;
        int lastLineStart = text.lastIndexOf('\n', end - 2) + 1;
        Arrays.fill(file, lastLineStart, lastLineStart + (end - lastLineStart) / 2, (byte) 0);
        Files.write(dir.resolve(Journal.FILE), file);
        try (Journal j = Journal.open(dir)) {
            assertThat(j.completed()).extracting(TransitRecord::tac).containsExactly("11111111");
            assertThat(j.pending()).isEmpty();
            assertThat(j.droppedLines()).isOne();
        }
    }

    /**
     * The gate sends the card its CAPP records while the intent syncs, and the PSAM its MAC2 while the completion
     * does: each call returns with its line on disk and the work done; work that fails (the card pulled, the PSAM
     * gone) fails the call with what it threw, its line kept all the same: the purchase the intent began is settled
     * at the card's next tap, and the one completed stays complete.
     */
    @Test
    void workDoneWhileALineSyncsLeavesTheLineAsIfWrittenAlone() throws Exception {
        java.util.List<String> done = new java.util.ArrayList<>();
        try (Journal j = Journal.open(dir)) {
            long a = j.intent(ride(1, 200), () -> done.add("capp"));
            j.complete(a, "11111111", () -> done.add("mac2"));
            assertThatThrownBy(() -> j.intent(ride(2, 300), () -> {
                throw new java.io.UncheckedIOException(new java.io.IOException("card left the field"));
            })).hasMessageContaining("card left the field");
            assertThat(j.pending()).extracting(i -> i.record().atc()).containsExactly(2);
            long c = j.intent(ride(3, 400), () -> done.add("capp"));
            assertThatThrownBy(() -> j.complete(c, "33333333", () -> {
                throw new java.io.IOException("PSAM left its slot");
            })).isInstanceOf(java.io.IOException.class).hasMessage("PSAM left its slot");
        }
        assertThat(done).containsExactly("capp", "mac2", "capp");
        try (Journal j = Journal.open(dir)) {
            assertThat(j.completed()).extracting(TransitRecord::tac).containsExactly("11111111", "33333333");
            assertThat(j.pending()).extracting(i -> i.record().atc()).containsExactly(2);
            assertThat(j.droppedLines()).isZero();
        }
    }

    @Test
    void aDamagedLineBeforeGoodOnesStopsTheTerminalRatherThanLoseRides() throws Exception {
        try (Journal j = Journal.open(dir)) {
            j.complete(j.intent(ride(1, 200)), "11111111");
            j.complete(j.intent(ride(2, 300)), "22222222");
        }
        Path file = dir.resolve(Journal.FILE);
        String text = Files.readString(file);
        Files.writeString(file, text.replaceFirst("\\|300\\|", "|301|"));
        assertThatThrownBy(() -> Journal.open(dir)).isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("journal.log line 3 fails its checksum but later lines follow");
        assertThat(Files.readString(file)).as("nothing truncated").isEqualTo(text.replaceFirst("\\|300\\|", "|301|"));
    }

    @Test
    void exportingADateTwiceGivesTheSameBytesAndClearingCanReadThem() throws Exception {
        try (Journal j = Journal.open(dir)) {
            j.complete(j.intent(ride(2, 300)), "22222222");
            j.complete(j.intent(ride(1, 200)), "11111111");
            TransitRecord otherDay = new TransitRecord(TransactionType.COMPOUND_PURCHASE, CardSerial.of("3205000000000001"),
                    Cities.byCode("3205"), CardType.NORMAL, LocalDate.of(2030, 1, 1), 9, 100, 5000,
                    LocalDateTime.of(2026, 11, 24, 6, 0), "0000AB12CD34", 99, CardAlgorithm.TRIPLE_DES, 1, "00000000",
                    Cities.byCode("3205"), "0000000000003205", "00000000000000A1", Industry.BUS, 5, 0, 0, "BUS_FLAT");
            j.complete(j.intent(otherDay), "99999999");

            Path a = dir.resolve("out/a.txt");
            Path b = dir.resolve("out/b.txt");
            DayFileExport.export(j, LocalDate.of(2026, 11, 23), "SZBUS", Cities.byCode("3205"), 1, a);
            DayFileExport.export(j, LocalDate.of(2026, 11, 23), "SZBUS", Cities.byCode("3205"), 1, b);
            assertThat(Files.readAllBytes(b)).isEqualTo(Files.readAllBytes(a));
            var file = DayFileReader.read(a, RecordFormats.TRANSIT);
            assertThat(file.records()).extracting(TransitRecord::tac).containsExactly("11111111", "22222222");
            assertThat(file.trailer().amountTotal()).isEqualTo(500);
        }
    }

    static TransitRecord ride(int atc, long amount) {
        return new TransitRecord(TransactionType.COMPOUND_PURCHASE, CardSerial.of("3205000000000001"),
                Cities.byCode("3205"), CardType.NORMAL, LocalDate.of(2030, 1, 1), atc, amount, 5000,
                LocalDateTime.of(2026, 11, 23, 8, atc), "0000AB12CD34", 10 + atc, CardAlgorithm.TRIPLE_DES, 1,
                "00000000", Cities.byCode("3205"), "0000000000003205", "00000000000000A1", Industry.BUS, 5, 0, 0,
                "BUS_FLAT");
    }
}
