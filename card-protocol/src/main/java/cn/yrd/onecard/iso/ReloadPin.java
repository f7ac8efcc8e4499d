package cn.yrd.onecard.iso;

import cn.yrd.onecard.apdu.CommandApdu;
import cn.yrd.onecard.apdu.MalformedApduException;
import cn.yrd.onecard.apdu.StatusWord;
import cn.yrd.onecard.card.Pin;
import java.util.Arrays;

/**
 * RELOAD PIN (重装PIN), {@code 84 5E 00 00 <n+4> <new PIN, BCD> <MAC>}: sets a new PIN and gives back every try, on
 * the word of the card's home city. The MAC is the secure-messaging MAC under the application's PIN-reload key, with
 * the card's last challenge as IV, over {@link #header(int)}: the command's first five bytes. The new PIN is the
 * holder's, typed at the counter's PIN pad; the home city authorises the reload, it never learns the PIN.
 */
public record ReloadPin(byte[] bcd, byte[] mac) {
    public static final int CLA = 0x84;
    public static final int INS = 0x5E;
    private static final String NAME = "RELOAD PIN";

    public ReloadPin {
        if (bcd.length < 2 || bcd.length > 6) {
            throw new IllegalArgumentException("a PIN is 2..6 BCD bytes, not " + bcd.length);
        }
        if (mac.length != 4) {
            throw new IllegalArgumentException("the MAC is 4 bytes, not " + mac.length);
        }
        bcd = bcd.clone();
        mac = mac.clone();
    }

    /** What the MAC covers for a PIN of {@code pinBytes} BCD bytes: CLA INS P1 P2 Lc. */
    public static byte[] header(int pinBytes) {
        return new byte[] {(byte) CLA, (byte) INS, 0, 0, (byte) (pinBytes + 4)};
    }

    /** How many BCD bytes a PIN of {@code digits} takes. */
    public static int pinBytes(String digits) {
        return Pin.encode(digits).length;
    }

    public byte[] build() {
        byte[] data = Arrays.copyOf(bcd, bcd.length + 4);
        System.arraycopy(mac, 0, data, bcd.length, 4);
        return new CommandApdu(CLA, INS, 0, 0, data).toBytes();
    }

    /** The card reading the command. */
    public static ReloadPin read(CommandApdu c) throws MalformedApduException {
        c.requireCla(NAME, CLA);
        c.requireP1P2(NAME, 0x00, 0x00);
        if (c.lc() < 6 || c.lc() > 10) {
            throw new MalformedApduException(StatusWord.WRONG_LENGTH, "RELOAD PIN takes 2..6 BCD bytes and a MAC");
        }
        byte[] d = c.data();
        return new ReloadPin(Arrays.copyOf(d, d.length - 4), Arrays.copyOfRange(d, d.length - 4, d.length));
    }

    @Override
    public byte[] bcd() {
        return bcd.clone();
    }

    @Override
    public byte[] mac() {
        return mac.clone();
    }

    @Override
    public String toString() {
        return "RELOAD PIN ****";
    }
}
