package cn.yrd.onecard.psam;

import cn.yrd.onecard.apdu.CommandApdu;
import cn.yrd.onecard.apdu.MalformedApduException;
import cn.yrd.onecard.apdu.StatusWord;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * DES, {@code 80 FA 05 00 Lc}: the MAC of {@code header} under the card's maintenance key that {@link DesInit} readied,
 * with the card's 4-byte challenge as its initial value; the answer is the MAC (4 bytes).
 */
public record Des(byte[] challenge, byte[] header) {
    public static final int CLA = 0x80;
    public static final int INS = 0xFA;

    public Des {
        if (challenge.length != 4 || header.length == 0 || header.length > 0xFF - 4) {
            throw new IllegalArgumentException("DES takes a 4-byte challenge and 1 to 251 bytes to MAC");
        }
        challenge = challenge.clone();
        header = header.clone();
    }

    public byte[] build() {
        return new CommandApdu(CLA, INS, 0x05, 0x00, ByteBuffer.allocate(4 + header.length).put(challenge).put(header)
                .array()).toBytes();
    }

    /** The PSAM reading the command. */
    public static Des read(CommandApdu c) throws MalformedApduException {
        c.requireCla("DES", CLA);
        if (c.p1() != 0x05 || c.p2() != 0x00) {
            throw new MalformedApduException(StatusWord.WRONG_P1_P2, "DES takes P1 P2 05 00");
        }
        if (c.lc() < 5) {
            throw new MalformedApduException(StatusWord.WRONG_LENGTH, "DES takes the challenge and what to MAC");
        }
        byte[] d = c.data();
        return new Des(Arrays.copyOf(d, 4), Arrays.copyOfRange(d, 4, d.length));
    }

    /** The terminal reading the answer: the MAC. */
    public static byte[] mac(byte[] data) {
        if (data.length != 4) {
            throw new IllegalArgumentException("DES answered " + data.length + " bytes, a 4-byte MAC expected");
        }
        return data.clone();
    }

    @Override
    public byte[] challenge() {
        return challenge.clone();
    }

    @Override
    public byte[] header() {
        return header.clone();
    }
}
