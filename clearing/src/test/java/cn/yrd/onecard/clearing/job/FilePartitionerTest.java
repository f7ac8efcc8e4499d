package cn.yrd.onecard.clearing.job;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yrd.onecard.clearing.intake.ReceivedFile;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The load step's partitions: small files share one, a big file has its own, every file in exactly one. */
class FilePartitionerTest {
    @Test
    void aHundredSmallFilesLoadInAboutEightPartitionsAndABigFileAlone() {
        List<ReceivedFile> files = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            files.add(file(i, 40 + i % 7));
        }
        List<List<ReceivedFile>> groups = FilePartitioner.groups(files, 2 * FilePartitioner.PER_WORKER);
        assertThat(groups).hasSizeBetween(8, 9);
        assertThat(groups.stream().flatMap(List::stream).toList()).as("each file once, in order").isEqualTo(files);

        files.add(50, file(1000, 200_000));
        groups = FilePartitioner.groups(files, 8);
        assertThat(groups).filteredOn(g -> g.stream().anyMatch(f -> f.id() == 1000)).singleElement()
                .satisfies(g -> assertThat(g).hasSize(1));
        assertThat(groups.stream().flatMap(List::stream).toList()).isEqualTo(files);

        assertThat(FilePartitioner.groups(List.of(), 8)).isEmpty();
        assertThat(FilePartitioner.groups(List.of(file(1, 0), file(2, 0)), 8)).as("empty files too")
                .flatMap(g -> g).hasSize(2);
    }

    private static ReceivedFile file(long id, long records) {
        return new ReceivedFile(id, "00", "TRANSIT", "BUS3205", "3205", LocalDate.of(2026, 11, 23),
                LocalDate.of(2026, 11, 23), 1, records, 0, "BUS3205-" + id + ".txt", null);
    }
}
