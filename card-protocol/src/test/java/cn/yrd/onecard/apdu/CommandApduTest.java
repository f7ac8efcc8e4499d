package cn.yrd.onecard.apdu;

import static cn.yrd.onecard.TestHex.hex;
import static cn.yrd.onecard.TestHex.hexOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.apache.commons.codec.binary.Hex;
import org.junit.jupiter.api.Test;

class CommandApduTest {
    static final String SELECT_EP = "00A4040008A000000632010105";
    static final String SELECT_EP_WITH_LE = "00A4040008A00000063201010500";
    static final String GET_BALANCE = "805C000204";
    static final String READ_0x15 = "00B0950000";

    @Test
    void parsesTheFourCases() throws Exception {
        CommandApdu case1 = CommandApdu.parse(hex("80DC0110"));
        assertThat(case1.lc()).isZero();
        assertThat(case1.hasLe()).isFalse();

        CommandApdu balance = CommandApdu.parse(hex(GET_BALANCE));
        assertThat(balance.ins()).isEqualTo(0x5C);
        assertThat(balance.ne()).isEqualTo(4);

        CommandApdu read = CommandApdu.parse(hex(READ_0x15));
        assertThat(read.ne()).as("Le 00 means up to 256").isEqualTo(256);

        CommandApdu select = CommandApdu.parse(hex(SELECT_EP));
        assertThat(Hex.encodeHexString(select.data(), false)).isEqualTo("A000000632010105");
        assertThat(select.hasLe()).isFalse();

        CommandApdu selectLe = CommandApdu.parse(hex(SELECT_EP_WITH_LE));
        assertThat(selectLe.data()).isEqualTo(select.data());
        assertThat(selectLe.ne()).isEqualTo(256);
    }

    @Test
    void malformedCommandsNameWhatIsWrongAndCarry6700() {
        assertThatThrownBy(() -> CommandApdu.parse(hex("00A4")))
                .isInstanceOf(MalformedApduException.class)
                .hasMessage("APDU of 2 bytes is shorter than its 4-byte header")
                .extracting(e -> ((MalformedApduException) e).statusWord()).isEqualTo(StatusWord.WRONG_LENGTH);
        assertThatThrownBy(() -> CommandApdu.parse(hex("00A4040008A0000006")))
                .hasMessage("Lc says 8 data bytes but 4 bytes follow the header");
        assertThatThrownBy(() -> CommandApdu.parse(hex("00A4040000000102")))
                .hasMessage("extended-length APDUs are not supported");
        assertThatThrownBy(() -> CommandApdu.parse(hex("80540100FF0102")))
                .hasMessage("Lc says 255 data bytes but 2 bytes follow the header");
    }

    @Property
    void encodesWhatItParses(@ForAll @IntRange(max = 255) int ins, @ForAll @Size(max = 255) byte[] data,
            @ForAll @IntRange(min = -1, max = 256) int ne) throws Exception {
        int le = ne == 0 ? CommandApdu.NO_LE : ne;
        CommandApdu apdu = new CommandApdu(0x80, ins, 1, 2, data, le);
        CommandApdu again = CommandApdu.parse(apdu.toBytes());
        assertThat(again).isEqualTo(apdu);
        assertThat(again.data()).isEqualTo(data);
        assertThat(again.ne()).isEqualTo(le);
    }

    @Test
    void toStringNeverShowsCommandData() {
        CommandApdu verifyPin = new CommandApdu(0x00, 0x20, 0, 0, hex("123456"));
        assertThat(verifyPin.toString()).isEqualTo("CommandApdu[00 20 00 00, Lc=3]").doesNotContain("123456");
    }

    @Test
    void statusWordsDescribeThemselves() {
        assertThat(StatusWord.describe(0x9401)).isEqualTo("9401 insufficient balance");
        assertThat(StatusWord.describe(StatusWord.wrongPin(2))).isEqualTo("63C2 wrong PIN, 2 tries left");
        assertThat(StatusWord.describe(StatusWord.wrongLe(0x17))).isEqualTo("6C17 wrong Le, exact length 23");
        assertThat(StatusWord.describe(0x6110)).isEqualTo("6110 16 more bytes available");
        assertThat(StatusWord.of(0x6283)).isEqualTo(StatusWord.APPLICATION_BLOCKED);
        ResponseApdu r = ResponseApdu.parse(hex("000003E89000"));
        assertThat(r.isOk()).isTrue();
        assertThat(r.data()).isEqualTo(hex("000003E8"));
        assertThat(r.toHex()).isEqualTo("000003E89000");
    }
}
