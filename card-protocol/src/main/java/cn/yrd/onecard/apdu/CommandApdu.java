package cn.yrd.onecard.apdu;

import java.util.Arrays;
import org.apache.commons.codec.binary.Hex;

/**
 * An ISO 7816-4 command APDU in short form (Lc and Le of one byte), the only form the cards of this
 * profile use. {@link #parse(byte[])} accepts the four cases and rejects everything else with the
 * status word a card would answer, so a simulator can answer malformed input precisely.
 */
public final class CommandApdu {
    /** {@link #ne()} when the command carries no Le. */
    public static final int NO_LE = -1;

    private final int cla;
    private final int ins;
    private final int p1;
    private final int p2;
    private final byte[] data;
    private final int ne;

    public CommandApdu(int cla, int ins, int p1, int p2, byte[] data, int ne) {
        checkByte("CLA", cla);
        checkByte("INS", ins);
        checkByte("P1", p1);
        checkByte("P2", p2);
        if (data.length > 255) {
            throw new IllegalArgumentException("short APDU data is at most 255 bytes, got " + data.length);
        }
        if (ne != NO_LE && (ne < 1 || ne > 256)) {
            throw new IllegalArgumentException("Ne must be 1..256 or NO_LE, got " + ne);
        }
        this.cla = cla;
        this.ins = ins;
        this.p1 = p1;
        this.p2 = p2;
        this.data = data.clone();
        this.ne = ne;
    }

    /** Case 1 or 3: no Le. */
    public CommandApdu(int cla, int ins, int p1, int p2, byte[] data) {
        this(cla, ins, p1, p2, data, NO_LE);
    }

    /** Case 2: no data, an Le ({@code 256} for Le {@code 00}). */
    public CommandApdu(int cla, int ins, int p1, int p2, int ne) {
        this(cla, ins, p1, p2, new byte[0], ne);
    }

    public static CommandApdu parse(byte[] raw) throws MalformedApduException {
        if (raw.length < 4) {
            throw new MalformedApduException(StatusWord.WRONG_LENGTH,
                    "APDU of " + raw.length + " bytes is shorter than its 4-byte header");
        }
        int cla = raw[0] & 0xFF;
        int ins = raw[1] & 0xFF;
        int p1 = raw[2] & 0xFF;
        int p2 = raw[3] & 0xFF;
        if (raw.length == 4) {
            return new CommandApdu(cla, ins, p1, p2, new byte[0], NO_LE);
        }
        int b5 = raw[4] & 0xFF;
        if (raw.length == 5) {
            return new CommandApdu(cla, ins, p1, p2, new byte[0], b5 == 0 ? 256 : b5);
        }
        if (b5 == 0) {
            throw new MalformedApduException(StatusWord.WRONG_LENGTH, "extended-length APDUs are not supported");
        }
        int lc = b5;
        if (raw.length == 5 + lc) {
            return new CommandApdu(cla, ins, p1, p2, Arrays.copyOfRange(raw, 5, 5 + lc), NO_LE);
        }
        if (raw.length == 6 + lc) {
            int le = raw[5 + lc] & 0xFF;
            return new CommandApdu(cla, ins, p1, p2, Arrays.copyOfRange(raw, 5, 5 + lc), le == 0 ? 256 : le);
        }
        throw new MalformedApduException(StatusWord.WRONG_LENGTH,
                "Lc says " + lc + " data bytes but " + (raw.length - 5) + " bytes follow the header");
    }

    /** Refuses the command unless its class byte is {@code cla} ({@code 6E00}). */
    public void requireCla(String command, int cla) throws MalformedApduException {
        if (this.cla != cla) {
            throw new MalformedApduException(StatusWord.CLA_NOT_SUPPORTED,
                    String.format("%s takes CLA %02X", command, cla));
        }
    }

    /** Refuses the command unless P1 P2 are {@code p1 p2} ({@code 6A86}). */
    public void requireP1P2(String command, int p1, int p2) throws MalformedApduException {
        if (this.p1 != p1 || this.p2 != p2) {
            throw new MalformedApduException(StatusWord.WRONG_P1_P2,
                    String.format("%s takes P1 P2 %02X %02X", command, p1, p2));
        }
    }

    /** Refuses the command unless it carries {@code lc} data bytes ({@code 6700}). */
    public void requireLc(String command, int lc) throws MalformedApduException {
        if (data.length != lc) {
            throw new MalformedApduException(StatusWord.WRONG_LENGTH, command + " takes " + lc + " data bytes");
        }
    }

    public byte[] toBytes() {
        int length = 4 + (data.length > 0 ? 1 + data.length : 0) + (ne != NO_LE ? 1 : 0);
        byte[] out = new byte[length];
        out[0] = (byte) cla;
        out[1] = (byte) ins;
        out[2] = (byte) p1;
        out[3] = (byte) p2;
        int pos = 4;
        if (data.length > 0) {
            out[pos++] = (byte) data.length;
            System.arraycopy(data, 0, out, pos, data.length);
            pos += data.length;
        }
        if (ne != NO_LE) {
            out[pos] = (byte) (ne == 256 ? 0 : ne);
        }
        return out;
    }

    public int cla() {
        return cla;
    }

    public int ins() {
        return ins;
    }

    public int p1() {
        return p1;
    }

    public int p2() {
        return p2;
    }

    public byte[] data() {
        return data.clone();
    }

    public int lc() {
        return data.length;
    }

    /** Expected response length, {@link #NO_LE} when the command has no Le. */
    public int ne() {
        return ne;
    }

    public boolean hasLe() {
        return ne != NO_LE;
    }

    private static void checkByte(String name, int value) {
        if (value < 0 || value > 0xFF) {
            throw new IllegalArgumentException(name + " must be one byte, got " + value);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CommandApdu c && Arrays.equals(toBytes(), c.toBytes());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(toBytes());
    }

    /** The header only: command data may hold PINs and keys, so it is never printed. */
    @Override
    public String toString() {
        return String.format("CommandApdu[%02X %02X %02X %02X, Lc=%d%s]", cla, ins, p1, p2, data.length,
                ne == NO_LE ? "" : ", Ne=" + ne);
    }

    /** The whole command in hex, for tests and traces that are known to carry no secrets. */
    public String toHex() {
        return Hex.encodeHexString(toBytes(), false);
    }
}
