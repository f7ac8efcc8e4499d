package cn.yrd.onecard.terminal.card;

import cn.yrd.onecard.apdu.Bcd;
import cn.yrd.onecard.card.CardSerial;
import cn.yrd.onecard.crypto.CardAlgorithm;
import cn.yrd.onecard.terminal.reader.Apdus;
import cn.yrd.onecard.terminal.reader.TerminalException;
import java.nio.ByteBuffer;
import java.time.LocalDateTime;
import java.util.Arrays;
import javax.smartcardio.ResponseAPDU;
import org.apache.commons.codec.binary.Hex;

/** The terminal's PSAM: selected once at start-up, then MAC1 and MAC2 for every purchase. */
public final class SamModule {
    private final Apdus apdus;
    private String terminalNo;

    public SamModule(Apdus apdus) {
        this.apdus = apdus;
    }

    /** SELECT the T-Union ADF and read the terminal number. */
    public String open() throws TerminalException {
        apdus.expectOk("PSAM SELECT 8011", PurseCard.hex("00A40000028011"));
        terminalNo = Hex.encodeHexString(apdus.expectOk("PSAM READ terminal no", PurseCard.hex("00B0960006")), false);
        return terminalNo;
    }

    public String terminalNo() {
        return terminalNo;
    }

    /** 8070's answer. */
    public record Mac1(long ttc, byte[] mac1) {
    }

    public Mac1 initForPurchase(byte[] random, int atc, long amount, int type, LocalDateTime time, int keyVersion,
            CardAlgorithm alg, CardSerial serial, byte[] issuerId) throws TerminalException {
        byte[] cmd = ByteBuffer.allocate(41).put(PurseCard.hex("8070000024")).put(random).putShort((short) atc)
                .putInt(PurseCard.fourBytes("amount", amount)).put((byte) type).put(Bcd.dateTime(time)).put((byte) keyVersion)
                .put((byte) alg.id()).put(serial.bytes()).put(issuerId).array();
        byte[] d = apdus.expectOk("PSAM INIT FOR PURCHASE", cmd);
        return new Mac1(ByteBuffer.wrap(d).getInt() & 0xFFFFFFFFL, Arrays.copyOfRange(d, 4, 8));
    }

    /** 8072: true when the PSAM accepts the card's MAC2. */
    public boolean creditForPurchase(byte[] mac2) throws TerminalException {
        byte[] cmd = ByteBuffer.allocate(9).put(PurseCard.hex("8072000004")).put(mac2).array();
        ResponseAPDU r = apdus.transmit(cmd);
        return r.getSW() == 0x9000;
    }

    /** The MAC of APPLICATION BLOCK for a card: DES INIT with its serial and issuer, then DES over the header. */
    public byte[] blockMac(CardSerial serial, byte[] issuerId, CardAlgorithm alg, byte[] challenge)
            throws TerminalException {
        byte[] init = ByteBuffer.allocate(21).put(new byte[] {(byte) 0x80, 0x1A, 0x28, (byte) alg.id(), 0x10})
                .put(serial.bytes()).put(issuerId).array();
        apdus.expectOk("PSAM DES INIT", init);
        byte[] des = ByteBuffer.allocate(5 + 4 + PurseCard.BLOCK_HEADER.length)
                .put(new byte[] {(byte) 0x80, (byte) 0xFA, 0x05, 0x00, (byte) (4 + PurseCard.BLOCK_HEADER.length)})
                .put(challenge).put(PurseCard.BLOCK_HEADER).array();
        return apdus.expectOk("PSAM DES", des);
    }
}
