package cn.yrd.onecard.dayfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/formats.md is what someone writes a day file from: its example and its field tables must be true. */
class FormatsDocTest {
    private static final Path DOC = Path.of("..", "docs", "formats.md");

    @TempDir
    Path dir;

    @Test
    void theExampleIsAGoodFileThatTheWriterWouldWriteByteForByte() throws Exception {
        String doc = Files.readString(DOC);
        Matcher m = Pattern.compile("<!-- example:transit -->\\n```\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        assertThat(m.find()).as("example block in formats.md").isTrue();
        Path example = dir.resolve("example.txt");
        Files.writeString(example, m.group(1));

        DayFile<?> file = DayFileReader.read(example, RecordFormats.TRANSIT);
        assertThat(file.records()).hasSize(2);

        Path rewritten = dir.resolve("rewritten.txt");
        DayFileWriter.write(rewritten, RecordFormats.TRANSIT, file.header(),
                DayFileReader.read(example, RecordFormats.TRANSIT).records());
        assertThat(Files.readString(rewritten)).isEqualTo(m.group(1));
    }

    @Test
    void theFieldTablesListTheFieldsTheCodeReadsInOrder() throws Exception {
        String doc = Files.readString(DOC);
        assertThat(tableFields(doc, "## TRANSIT records")).isEqualTo(RecordFormats.TRANSIT.fieldNames());
        assertThat(tableFields(doc, "## MEDICAL records")).isEqualTo(RecordFormats.MEDICAL.fieldNames());
        assertThat(tableFields(doc, "## PENSION records")).isEqualTo(RecordFormats.PENSION.fieldNames());
        assertThat(tableFields(doc, "## MERCHANT records")).isEqualTo(RecordFormats.MERCHANT.fieldNames());
    }

    /** The second column of the first table after {@code heading}. */
    private static List<String> tableFields(String doc, String heading) {
        String section = doc.substring(doc.indexOf(heading));
        section = section.substring(0, section.indexOf("\n## ", 1));
        List<String> fields = new ArrayList<>();
        Matcher row = Pattern.compile("(?m)^\\| (\\d+) \\| (\\w+) \\|").matcher(section);
        while (row.find()) {
            fields.add(row.group(2));
        }
        return fields;
    }
}
