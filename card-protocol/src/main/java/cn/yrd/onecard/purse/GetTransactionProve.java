package cn.yrd.onecard.purse;

import cn.yrd.onecard.apdu.CommandApdu;
import cn.yrd.onecard.apdu.MalformedApduException;
import cn.yrd.onecard.apdu.StatusWord;
import cn.yrd.onecard.card.TransactionType;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * GET TRANSACTION PROVE, {@code 80 5A 00 <type 06|09> 02 <ATC(2)>}: the MAC2 ‖ TAC of the purchase the card numbered
 * {@code atc} (the INIT's offline ATC + 1), or {@code 9406} when that purchase did not happen. A terminal that lost
 * the DEBIT's answer learns from it whether the card was charged.
 */
public record GetTransactionProve(TransactionType type, int atc) {
    public static final int INS = 0x5A;
    private static final String NAME = "GET TRANSACTION PROVE";

    public GetTransactionProve {
        if (type != TransactionType.PURCHASE && type != TransactionType.COMPOUND_PURCHASE) {
            throw new IllegalArgumentException(NAME + " proves purchases (06, 09), not " + type);
        }
        if (atc < 0 || atc > 0xFFFF) {
            throw new IllegalArgumentException("ATC " + atc + " does not fit its 2 bytes");
        }
    }

    public byte[] build() {
        return new CommandApdu(0x80, INS, 0x00, type.code(), new byte[] {(byte) (atc >>> 8), (byte) atc}).toBytes();
    }

    /** The purse reading the command. */
    public static GetTransactionProve read(CommandApdu c) throws MalformedApduException {
        c.requireCla(NAME, 0x80);
        if (c.p1() != 0x00 || (c.p2() != TransactionType.PURCHASE.code()
                && c.p2() != TransactionType.COMPOUND_PURCHASE.code())) {
            throw new MalformedApduException(StatusWord.WRONG_P1_P2, NAME + " takes P1 00 and P2 06 or 09");
        }
        c.requireLc(NAME, 2);
        return new GetTransactionProve(TransactionType.of(c.p2()), ByteBuffer.wrap(c.data()).getShort() & 0xFFFF);
    }

    /** The purse's answer: MAC2 then TAC (the reverse of DEBIT's). */
    public static byte[] encode(DebitForPurchase.Proof proof) {
        return ByteBuffer.allocate(8).put(proof.mac2()).put(proof.tac()).array();
    }

    /** The terminal reading the answer. */
    public static DebitForPurchase.Proof parse(byte[] data) {
        CommandFields.answer(NAME, data, 8);
        return new DebitForPurchase.Proof(Arrays.copyOfRange(data, 4, 8), Arrays.copyOf(data, 4));
    }

    /** Whether the card's status word says it made no such purchase. */
    public static boolean noSuchPurchase(int statusWord) {
        return statusWord == StatusWord.NO_PROOF_AVAILABLE.code();
    }
}
