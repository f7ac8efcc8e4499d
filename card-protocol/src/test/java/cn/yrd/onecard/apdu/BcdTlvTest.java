package cn.yrd.onecard.apdu;

import static cn.yrd.onecard.TestHex.hex;
import static cn.yrd.onecard.TestHex.hexOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.apache.commons.codec.binary.Hex;
import org.junit.jupiter.api.Test;

class BcdTlvTest {

    @Test
    void bcdPacksTwoDigitsAByte() {
        assertThat(Bcd.encode("3205", 2)).isEqualTo(hex("3205"));
        assertThat(Bcd.encode("42", 3)).isEqualTo(hex("000042"));
        assertThat(Bcd.dateTime(LocalDateTime.of(2012, 2, 29, 13, 51, 0))).isEqualTo(hex("20120229135100"));
        assertThat(Bcd.toDateTime(hex("20261123074500"), 0)).isEqualTo(LocalDateTime.of(2026, 11, 23, 7, 45));
    }

    @Test
    void bcdRejectsWhatIsNotBcd() {
        assertThatThrownBy(() -> Bcd.decode(hex("3A05"))).hasMessage("byte 3A at offset 0 is not BCD");
        assertThatThrownBy(() -> Bcd.toDate(hex("20260230"), 0)).hasMessage("BCD date 20260230 is not a calendar date");
        assertThatThrownBy(() -> Bcd.encode("12345", 2)).hasMessageContaining("more than 2 BCD bytes hold");
    }

    @Property
    void bcdRoundTrips(@ForAll @NumericChars @StringLength(min = 0, max = 20) String digits) {
        String even = digits.length() % 2 == 0 ? digits : "0" + digits;
        assertThat(Bcd.decode(Bcd.encode(even, even.length() / 2))).isEqualTo(even);
    }

    @Test
    void tlvParsesAnFciWithNestedAndMultiByteTags() {
        byte[] fci = hex("6F1A" + "8408A000000632010105" + "A50E" + "50084D4F545F545F4550" + "9F080102");
        Tlv parsed = Tlv.parse(fci);
        assertThat(parsed.tag()).isEqualTo(0x6F);
        assertThat(parsed.find(0x84).orElseThrow().value()).isEqualTo(hex("A000000632010105"));
        assertThat(new String(parsed.find(0x50).orElseThrow().value())).isEqualTo("MOT_T_EP");
        assertThat(parsed.find(0x9F08).orElseThrow().value()).isEqualTo(hex("02"));
        assertThat(parsed.encode()).isEqualTo(fci);
    }

    @Test
    void tlvUsesLongLengthsBeyond127Bytes() {
        Tlv big = Tlv.of(0x9F0C, new byte[200]);
        assertThat(Hex.encodeHexString(big.encode(), false)).startsWith("9F0C81C8");
        assertThat(Tlv.parse(big.encode())).isEqualTo(big);
    }

    @Test
    void truncatedTlvIsRefusedWithItsOffset() {
        assertThatThrownBy(() -> Tlv.parse(hex("8408A0000006")))
                .hasMessage("TLV truncated: value of tag 84 at offset 2 needs 8 bytes, 4 left");
        assertThatThrownBy(() -> Tlv.parse(hex("840101FF"))).hasMessage("1 bytes follow the TLV object");
        assertThatThrownBy(() -> Tlv.parse(hex("8480"))).hasMessageContaining("not a definite length");
    }

    @Property
    void tlvRoundTrips(@ForAll @IntRange(min = 1, max = 0x1E) int tag, @ForAll @Size(max = 300) byte[] value) {
        List<Tlv> two = List.of(Tlv.of(tag, value), Tlv.of(0x9F0C, value));
        byte[] encoded = concat(two.get(0).encode(), two.get(1).encode());
        assertThat(Tlv.parseAll(encoded)).isEqualTo(two);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
