package cn.yrd.onecard.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.yrd.onecard.city.Cities;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TerminalRegistryTest {
    static final String SUZHOU_PSAM = "D|0000AB12CD34|3205|0000000000003205\n";
    static final String KIOSK = "D|000000003100|3100|0000000000003100\n";

    @TempDir
    Path dir;

    @Test
    void theTextItWritesReadsBackInTerminalOrder() throws Exception {
        String text = TerminalRegistry.text(List.of(
                new TerminalRegistry.Terminal("0000AB12CD34", Cities.byCode("3205"), "0000000000003205"),
                new TerminalRegistry.Terminal("000000003100", Cities.byCode("3100"), "0000000000003100")));
        assertThat(text).startsWith("H|TERMINALS|1\n" + KIOSK + SUZHOU_PSAM + "T|2|");
        TerminalRegistry read = TerminalRegistry.read(Files.writeString(dir.resolve("terminals.txt"), text));
        assertThat(read.size()).isEqualTo(2);
        assertThat(read.find("0000AB12CD34")).hasValueSatisfying(t -> {
            assertThat(t.city().code()).isEqualTo("3205");
            assertThat(t.operatorId()).isEqualTo("0000000000003205");
        });
        assertThat(read.find("0000AB12CD35")).isEmpty();
    }

    /** Version 2 names each terminal's day-file sender: the senders a night waits for. */
    @Test
    void aRegisterOfSendersSaysWhoIsExpectedToSendAFile() throws Exception {
        String text = TerminalRegistry.text(List.of(
                new TerminalRegistry.Terminal("0000AB12CD34", Cities.byCode("3205"), "0000000000003205", "SZBUS"),
                new TerminalRegistry.Terminal("0000AB12CD35", Cities.byCode("3205"), "0000000000003205", "SZBUS"),
                new TerminalRegistry.Terminal("000000003100", Cities.byCode("3100"), "0000000000003100", "KIOSK3100")));
        assertThat(text).startsWith("H|TERMINALS|2\n" + KIOSK.replace("\n", "|KIOSK3100\n")
                + SUZHOU_PSAM.replace("\n", "|SZBUS\n"));
        TerminalRegistry read = TerminalRegistry.read(Files.writeString(dir.resolve("terminals.txt"), text));
        assertThat(read.senders()).containsExactly("KIOSK3100", "SZBUS");
        assertThat(read.find("0000AB12CD35")).hasValueSatisfying(t -> assertThat(t.senderId()).isEqualTo("SZBUS"));

        assertRejected(text.replace("|SZBUS\n", "|SZ BUS\n"),
                "line 3, field sender_id: 'SZ BUS' is not 1 to 32 of A-Z a-z 0-9 _ -");
        assertRejected(text.replace("|KIOSK3100\n", "\n"), "line 2: a terminal line is "
                + "D|terminal_no|city|operator_id|sender_id");
        assertThat(TerminalRegistry.read(Files.writeString(dir.resolve("v1.txt"), TerminalRegistry.text(List.of(
                new TerminalRegistry.Terminal("000000003100", Cities.byCode("3100"), "0000000000003100")))))
                .senders()).as("a version 1 register expects no sender").isEmpty();
    }

    @Test
    void aBadRegisterIsRefusedWholeWithItsLineAndField() throws Exception {
        String good = TerminalRegistry.text(List.of(
                new TerminalRegistry.Terminal("0000AB12CD34", Cities.byCode("3205"), "0000000000003205")));
        assertRejected(good.replace("0000AB12CD34", "0000ab12cd34"),
                "line 2, field terminal_no: '0000ab12cd34' is not 12 upper-case hex digits");
        assertRejected(good.replace("|3205|", "|3999|"), "line 2, field city: '3999' is not one of the 16 city codes");
        assertRejected(good.replace("|3205|", "|3201|"), "line 3, field sha256: trailer hash does not match the lines");
        assertRejected(good.replace("T|1|", "T|2|"), "line 3, field count: trailer says 2 lines, the file has 1");
        assertRejected(good.substring(0, good.indexOf("T|")), "line 3: no trailer (file truncated?)");
        assertRejected("H|TERMINALS|1\n" + SUZHOU_PSAM + KIOSK + "T|2|x\n",
                "line 3, field terminal_no: terminals must be in ascending order without repeats");
        assertRejected("H|HOTLIST|1|1|20261123000000\n", "line 1: header must be H|TERMINALS|2 (or H|TERMINALS|1)");
    }

    private void assertRejected(String text, String problem) throws Exception {
        Path f = Files.writeString(dir.resolve("bad.txt"), text);
        assertThatThrownBy(() -> TerminalRegistry.read(f)).hasMessageStartingWith("bad.txt: " + problem);
    }
}
