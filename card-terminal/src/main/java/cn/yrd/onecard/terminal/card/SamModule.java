package cn.yrd.onecard.terminal.card;

import cn.yrd.onecard.card.CardSerial;
import cn.yrd.onecard.crypto.CardAlgorithm;
import cn.yrd.onecard.psam.CreditSamForPurchase;
import cn.yrd.onecard.psam.Des;
import cn.yrd.onecard.psam.DesInit;
import cn.yrd.onecard.psam.InitSamForPurchase;
import cn.yrd.onecard.psam.ReadTerminalNumber;
import cn.yrd.onecard.psam.SelectPsamApplication;
import cn.yrd.onecard.purse.ApplicationBlock;
import cn.yrd.onecard.terminal.reader.Apdus;
import cn.yrd.onecard.terminal.reader.TerminalException;
import java.time.LocalDateTime;

/** The terminal's PSAM: selected once at start-up, then MAC1 and MAC2 for every purchase. */
public final class SamModule {
    private final Apdus apdus;
    private String terminalNo;

    public SamModule(Apdus apdus) {
        this.apdus = apdus;
    }

    /** SELECT the T-Union ADF and read the terminal number. */
    public String open() throws TerminalException {
        apdus.expectOk("PSAM SELECT 8011", SelectPsamApplication.build());
        terminalNo = ReadTerminalNumber.terminalNo(apdus.expectOk("PSAM READ terminal no", ReadTerminalNumber.build()));
        return terminalNo;
    }

    public String terminalNo() {
        return terminalNo;
    }

    /** INIT SAM FOR PURCHASE: the PSAM's TTC and MAC1 for the card's purchase. */
    public InitSamForPurchase.Answer initForPurchase(byte[] random, int atc, long amount, int type,
            LocalDateTime time, int keyVersion, CardAlgorithm alg, CardSerial serial, byte[] issuerId)
            throws TerminalException {
        byte[] d = apdus.expectOk("PSAM INIT FOR PURCHASE", new InitSamForPurchase(random, atc, amount, type, time,
                keyVersion, alg, serial, issuerId).build());
        return InitSamForPurchase.Answer.parse(d);
    }

    /** CREDIT SAM FOR PURCHASE: true when the PSAM accepts the card's MAC2. */
    public boolean creditForPurchase(byte[] mac2) throws TerminalException {
        return CreditSamForPurchase.accepted(apdus.transmit(new CreditSamForPurchase(mac2).build()).getSW());
    }

    /** The MAC of APPLICATION BLOCK for a card: DES INIT with its serial and issuer, then DES over the header. */
    public byte[] blockMac(CardSerial serial, byte[] issuerId, CardAlgorithm alg, byte[] challenge)
            throws TerminalException {
        apdus.expectOk("PSAM DES INIT", new DesInit(alg, serial, issuerId).build());
        return Des.mac(apdus.expectOk("PSAM DES", new Des(challenge, ApplicationBlock.header()).build()));
    }
}
