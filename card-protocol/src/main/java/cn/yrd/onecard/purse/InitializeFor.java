package cn.yrd.onecard.purse;

import cn.yrd.onecard.apdu.CommandApdu;
import cn.yrd.onecard.apdu.MalformedApduException;
import cn.yrd.onecard.apdu.StatusWord;
import java.nio.ByteBuffer;
import java.util.HexFormat;

/**
 * INITIALIZE FOR LOAD / PURCHASE / CAPP PURCHASE, {@code 80 50 <00|01|03> 02 0B}: key index(1) amount(4) terminal
 * no(6). They differ only in P1; the purse answers a {@link PurchaseInit} or a {@link LoadInit}.
 */
public record InitializeFor(Kind kind, int keyIndex, long amount, String terminalNo) {
    public static final int INS = 0x50;
    private static final int P2 = 0x02;
    private static final int LC = 11;
    /** The one key index of this profile's purses. */
    public static final int KEY_INDEX = 0x01;

    /** What is initialised, in P1. */
    public enum Kind {
        LOAD(0x00, "INITIALIZE FOR LOAD"),
        PURCHASE(0x01, "INITIALIZE FOR PURCHASE"),
        /** A purchase that also writes the CAPP records (0x1A, 0x1E) with its debit: every ride. */
        CAPP_PURCHASE(0x03, "INITIALIZE FOR CAPP PURCHASE");

        private final int p1;
        private final String command;

        Kind(int p1, String command) {
            this.p1 = p1;
            this.command = command;
        }

        public String command() {
            return command;
        }

        static Kind ofP1(int p1) throws MalformedApduException {
            for (Kind k : values()) {
                if (k.p1 == p1) {
                    return k;
                }
            }
            throw new MalformedApduException(StatusWord.WRONG_P1_P2, "INITIALIZE FOR takes P1 00, 01 or 03");
        }
    }

    public InitializeFor {
        if (keyIndex < 0 || keyIndex > 0xFF) {
            throw new IllegalArgumentException("key index " + keyIndex + " does not fit its byte");
        }
        CommandFields.fourBytes("amount", amount);
        if (!terminalNo.matches("[0-9A-F]{12}")) {
            throw new IllegalArgumentException("a terminal number is 12 upper-case hex digits, not " + terminalNo);
        }
    }

    /** The command of this profile's one key index. */
    public static InitializeFor of(Kind kind, long amount, String terminalNo) {
        return new InitializeFor(kind, KEY_INDEX, amount, terminalNo);
    }

    public byte[] build() {
        byte[] data = ByteBuffer.allocate(LC).put((byte) keyIndex).putInt((int) amount)
                .put(HexFormat.of().parseHex(terminalNo)).array();
        return new CommandApdu(0x80, INS, kind.p1, P2, data).toBytes();
    }

    /** The purse reading the command. */
    public static InitializeFor read(CommandApdu c) throws MalformedApduException {
        c.requireCla("INITIALIZE FOR", 0x80);
        if (c.p2() != P2) {
            throw new MalformedApduException(StatusWord.WRONG_P1_P2, "INITIALIZE FOR takes P2 02");
        }
        Kind kind = Kind.ofP1(c.p1());
        c.requireLc(kind.command, LC);
        ByteBuffer d = ByteBuffer.wrap(c.data());
        int keyIndex = d.get() & 0xFF;
        long amount = CommandFields.unsigned(d);
        String terminal = HexFormat.of().withUpperCase().formatHex(CommandFields.take(d, 6));
        return new InitializeFor(kind, keyIndex, amount, terminal);
    }
}
