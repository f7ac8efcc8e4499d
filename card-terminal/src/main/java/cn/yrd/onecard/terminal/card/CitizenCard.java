package cn.yrd.onecard.terminal.card;

import cn.yrd.onecard.apdu.StatusWord;
import cn.yrd.onecard.apdu.Tlv;
import cn.yrd.onecard.card.InsuredPerson;
import cn.yrd.onecard.card.Pin;
import cn.yrd.onecard.card.SocialSecurityCard;
import cn.yrd.onecard.terminal.reader.Apdus;
import cn.yrd.onecard.terminal.reader.StatusException;
import cn.yrd.onecard.terminal.reader.TerminalException;
import java.util.ArrayList;
import java.util.List;
import javax.smartcardio.ResponseAPDU;

/** The social security side of a citizen card: its identity records and its PIN. */
public final class CitizenCard {
    static final byte[] SELECT_SSSE = PurseCard.hex("00A404000F7378312E73682EC9E7BBE1B1A3D5CF");
    private static final int[] EF05_TAGS = {SocialSecurityCard.TAG_IDENTIFICATION, SocialSecurityCard.TAG_ISSUE_DATE,
        SocialSecurityCard.TAG_EXPIRY_DATE, SocialSecurityCard.TAG_CARD_NUMBER};
    private static final int[] EF06_TAGS = {InsuredPerson.TAG_SSN, InsuredPerson.TAG_NAME, InsuredPerson.TAG_SEX,
        InsuredPerson.TAG_ETHNICITY, InsuredPerson.TAG_BIRTH_DATE};

    private final Apdus apdus;
    private int triesLeft = -1;

    public CitizenCard(Apdus apdus) {
        this.apdus = apdus;
    }

    /** What VERIFY PIN said. */
    public enum PinResult {
        OK,
        WRONG,
        BLOCKED
    }

    public void select() throws TerminalException {
        apdus.expectOk("SELECT social security", SELECT_SSSE);
    }

    public SocialSecurityCard card() throws TerminalException {
        return SocialSecurityCard.fromRecords(records(0x2C, EF05_TAGS));
    }

    public InsuredPerson person() throws TerminalException {
        return InsuredPerson.fromRecords(records(0x34, EF06_TAGS));
    }

    /** VERIFY PIN; {@link #triesLeft()} tells how many tries remain after a wrong one. */
    public PinResult verifyPin(String pin) throws TerminalException {
        byte[] bcd;
        try {
            bcd = Pin.encode(pin);
        } catch (IllegalArgumentException e) {
            return PinResult.WRONG;
        }
        byte[] cmd = new byte[5 + bcd.length];
        cmd[1] = 0x20;
        cmd[4] = (byte) bcd.length;
        System.arraycopy(bcd, 0, cmd, 5, bcd.length);
        ResponseAPDU r = apdus.transmit(cmd);
        if (r.getSW() == 0x9000) {
            return PinResult.OK;
        }
        if (r.getSW() == StatusWord.PIN_BLOCKED.code() || r.getSW() == StatusWord.wrongPin(0)) {
            triesLeft = 0;
            return r.getSW() == StatusWord.PIN_BLOCKED.code() ? PinResult.BLOCKED : PinResult.WRONG;
        }
        if ((r.getSW() & 0xFFF0) == 0x63C0) {
            triesLeft = r.getSW() & 0x0F;
            return PinResult.WRONG;
        }
        throw StatusException.of("VERIFY PIN", r.getSW());
    }

    /** Tries left after the last wrong PIN, or -1 when none was wrong. */
    public int triesLeft() {
        return triesLeft;
    }

    private List<Tlv> records(int p2, int[] tags) throws TerminalException {
        List<Tlv> out = new ArrayList<>();
        for (int tag : tags) {
            out.add(Tlv.parse(apdus.expectOk("READ RECORD", new byte[] {0x00, (byte) 0xB2, (byte) tag, (byte) p2,
                0x00})));
        }
        return out;
    }
}
