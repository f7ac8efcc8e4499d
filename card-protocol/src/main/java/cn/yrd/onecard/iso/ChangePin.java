package cn.yrd.onecard.iso;

import cn.yrd.onecard.apdu.CommandApdu;
import cn.yrd.onecard.apdu.MalformedApduException;
import cn.yrd.onecard.apdu.StatusWord;
import cn.yrd.onecard.card.Pin;

/**
 * CHANGE PIN (修改PIN), {@code 80 5E 01 00 <n> <old PIN, BCD> FF <new PIN, BCD>}: answered as VERIFY PIN is for the old
 * PIN ({@code 9000}, {@code 63Cx}, {@code 6983}); on {@code 9000} the new PIN holds.
 */
public record ChangePin(byte[] oldBcd, byte[] newBcd) {
    public static final int CLA = 0x80;
    public static final int INS = 0x5E;
    private static final int SEPARATOR = 0xFF;
    private static final String NAME = "CHANGE PIN";

    public ChangePin {
        for (byte[] pin : new byte[][] {oldBcd, newBcd}) {
            if (pin.length < 2 || pin.length > 6) {
                throw new IllegalArgumentException("a PIN is 2..6 BCD bytes, not " + pin.length);
            }
        }
        oldBcd = oldBcd.clone();
        newBcd = newBcd.clone();
    }

    public static ChangePin of(String oldDigits, String newDigits) {
        return new ChangePin(Pin.encode(oldDigits), Pin.encode(newDigits));
    }

    public byte[] build() {
        byte[] data = new byte[oldBcd.length + 1 + newBcd.length];
        System.arraycopy(oldBcd, 0, data, 0, oldBcd.length);
        data[oldBcd.length] = (byte) SEPARATOR;
        System.arraycopy(newBcd, 0, data, oldBcd.length + 1, newBcd.length);
        return new CommandApdu(CLA, INS, 0x01, 0, data).toBytes();
    }

    /** The card reading the command. */
    public static ChangePin read(CommandApdu c) throws MalformedApduException {
        c.requireCla(NAME, CLA);
        c.requireP1P2(NAME, 0x01, 0x00);
        byte[] d = c.data();
        int at = -1;
        for (int i = 0; i < d.length; i++) {
            // A BCD PIN is padded with F nibbles, never a whole FF byte: the first FF separates the two.
            if ((d[i] & 0xFF) == SEPARATOR) {
                at = i;
                break;
            }
        }
        if (at < 2 || at > 6 || d.length - at - 1 < 2 || d.length - at - 1 > 6) {
            throw new MalformedApduException(StatusWord.WRONG_LENGTH, "CHANGE PIN takes old PIN ‖ FF ‖ new PIN, "
                    + "2..6 BCD bytes each");
        }
        return new ChangePin(java.util.Arrays.copyOf(d, at), java.util.Arrays.copyOfRange(d, at + 1, d.length));
    }

    @Override
    public byte[] oldBcd() {
        return oldBcd.clone();
    }

    @Override
    public byte[] newBcd() {
        return newBcd.clone();
    }

    @Override
    public String toString() {
        return "CHANGE PIN ****";
    }
}
