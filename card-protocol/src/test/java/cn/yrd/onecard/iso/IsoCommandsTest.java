package cn.yrd.onecard.iso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.yrd.onecard.apdu.CommandApdu;
import cn.yrd.onecard.apdu.MalformedApduException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The interindustry commands as card-profile.md §2 and §4 spell them. */
class IsoCommandsTest {
    @Test
    void theApplicationsAreSelectedByTheirNames() throws Exception {
        assertThat(hex(Select.PPSE.build())).isEqualTo("00A404000E325041592E5359532E444446303100");
        assertThat(hex(Select.TRANSIT_PURSE.build())).isEqualTo("00A4040008A00000063201010500");
        assertThat(hex(Select.SOCIAL_SECURITY.build())).isEqualTo("00A404000F7378312E73682EC9E7BBE1B1A3D5CF00");
        assertThat(Select.read(apdu("00A4040008A000000632010105"))).as("with or without Le")
                .isEqualTo(Select.TRANSIT_PURSE);
        assertThat(hex(new Select(0x00, bytes("8011")).build())).isEqualTo("00A40000028011");
        assertRefused(() -> Select.read(apdu("00A4020008A000000632010105")), "6A86");
        assertThat(Select.read(apdu("00A4000000"))).as("by file identifier, no data: the MF")
                .isEqualTo(new Select(0x00, bytes("3F00")));
        assertRefused(() -> Select.read(apdu("00A4040000")), "6700");
    }

    @Test
    void filesAreReadByShortFileIdentifier() throws Exception {
        assertThat(hex(new ReadBinary(0x17, 0).build())).isEqualTo("00B0970000");
        assertThat(ReadBinary.read(apdu("00B0951E00"))).isEqualTo(new ReadBinary(0x15, 0x1E));
        assertThat(ReadBinary.read(apdu("00B0170000"))).as("P1's high bit clear: an offset into the current EF")
                .isEqualTo(new ReadBinary(ReadBinary.CURRENT_EF, 0x1700));
        assertThat(hex(new ReadBinary(ReadBinary.CURRENT_EF, 0x0110).build())).isEqualTo("00B0011000");
        assertRefused(() -> ReadBinary.read(apdu("00B0B50000")), "6A86");
        assertRefused(() -> ReadBinary.read(apdu("00B09F0000")), "6A86"); // SFI 31 is reserved

        assertThat(hex(ReadRecord.one(1, 0x1A).build())).isEqualTo("00B201D400");
        assertThat(hex(ReadRecord.one(3, 0x18).build())).isEqualTo("00B203C400");
        assertThat(ReadRecord.read(apdu("00B201C500"))).isEqualTo(new ReadRecord(1, 0x18, true));
        assertThat(hex(ReadRecord.one(0x02, 0x05).build())).as("EF05 by tag").isEqualTo("00B2022C00");
        assertRefused(() -> ReadRecord.read(apdu("00B200C400")), "6A86");
        assertRefused(() -> ReadRecord.read(apdu("00B201C600")), "6A86");
        assertThat(ReadRecord.read(apdu("00B2010400"))).as("SFI 0: the current EF")
                .isEqualTo(ReadRecord.one(1, ReadBinary.CURRENT_EF));
        assertRefused(() -> ReadRecord.read(apdu("00B201FC00")), "6A86"); // SFI 31 is reserved
        assertThat(ReadRecord.notFound(0x6A83)).isTrue();
    }

    @Test
    void challengeAndPin() throws Exception {
        assertThat(hex(GetChallenge.build())).isEqualTo("0084000004");
        assertRefused(() -> GetChallenge.read(apdu("0084000008")), "6C04");
        assertThat(hex(VerifyPin.of("123456").build())).isEqualTo("0020000003123456");
        assertThat(VerifyPin.of("123456").toString()).doesNotContain("123456");
        assertRefused(() -> VerifyPin.read(apdu("00200000011F")), "6700");
        assertThat(VerifyPin.Outcome.of(0x9000)).isInstanceOf(VerifyPin.Verified.class);
        assertThat(VerifyPin.Outcome.of(0x63C2)).isEqualTo(new VerifyPin.Wrong(2));
        assertThat(VerifyPin.Outcome.of(0x6983)).isInstanceOf(VerifyPin.Blocked.class);
        assertThat(VerifyPin.Outcome.of(0x6A82)).isNull();
    }

    interface Read {
        void run() throws Exception;
    }

    static void assertRefused(Read read, String sw) {
        assertThatThrownBy(read::run).isInstanceOf(MalformedApduException.class)
                .satisfies(e -> assertThat(((MalformedApduException) e).answer().toHex()).isEqualTo(sw));
    }

    static CommandApdu apdu(String hex) throws MalformedApduException {
        return CommandApdu.parse(bytes(hex));
    }

    static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    static String hex(byte[] b) {
        return HexFormat.of().withUpperCase().formatHex(b);
    }
}
