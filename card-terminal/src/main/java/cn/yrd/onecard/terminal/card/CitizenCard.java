package cn.yrd.onecard.terminal.card;

import cn.yrd.onecard.apdu.Tlv;
import cn.yrd.onecard.card.InsuredPerson;
import cn.yrd.onecard.card.SocialSecurityCard;
import cn.yrd.onecard.card.Pin;
import cn.yrd.onecard.iso.ChangePin;
import cn.yrd.onecard.iso.GetChallenge;
import cn.yrd.onecard.iso.ReadRecord;
import cn.yrd.onecard.iso.ReloadPin;
import cn.yrd.onecard.iso.Select;
import cn.yrd.onecard.iso.VerifyPin;
import cn.yrd.onecard.terminal.reader.Apdus;
import cn.yrd.onecard.terminal.reader.StatusException;
import cn.yrd.onecard.terminal.reader.TerminalException;
import java.util.ArrayList;
import java.util.List;
import javax.smartcardio.ResponseAPDU;

/** The social security side of a citizen card: its identity records and its PIN (verified, changed, reloaded). */
public final class CitizenCard {
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
        apdus.expectOk("SELECT social security", Select.SOCIAL_SECURITY.build());
    }

    public SocialSecurityCard card() throws TerminalException {
        return SocialSecurityCard.fromRecords(records(SocialSecurityCard.SFI, EF05_TAGS));
    }

    public InsuredPerson person() throws TerminalException {
        return InsuredPerson.fromRecords(records(InsuredPerson.SFI, EF06_TAGS));
    }

    /** VERIFY PIN; {@link #triesLeft()} tells how many tries remain after a wrong one. */
    public PinResult verifyPin(String pin) throws TerminalException {
        VerifyPin command;
        try {
            command = VerifyPin.of(pin);
        } catch (IllegalArgumentException e) {
            return PinResult.WRONG;
        }
        return pinOutcome("VERIFY PIN", apdus.transmit(command.build()));
    }

    /**
     * CHANGE PIN: the old PIN checked as VERIFY PIN checks it (its tries counted), then the new one holds. A new PIN
     * that is no PIN is refused before the card is asked.
     */
    public PinResult changePin(String oldPin, String newPin) throws TerminalException {
        ChangePin command;
        try {
            Pin.encode(newPin);
            command = ChangePin.of(oldPin, newPin);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a new PIN is 4 to 12 digits");
        }
        return pinOutcome("CHANGE PIN", apdus.transmit(command.build()));
    }

    /** GET CHALLENGE: the 4 bytes the next RELOAD PIN's MAC must cover. */
    public byte[] challenge() throws TerminalException {
        return GetChallenge.challenge(apdus.expectOk("GET CHALLENGE", GetChallenge.build()));
    }

    /** RELOAD PIN with its home city's {@code mac} over the challenge just taken: a new PIN, every try back. */
    public void reloadPin(String newPin, byte[] mac) throws TerminalException {
        apdus.expectOk("RELOAD PIN", new ReloadPin(Pin.encode(newPin), mac).build());
    }

    private PinResult pinOutcome(String command, ResponseAPDU r) throws TerminalException {
        VerifyPin.Outcome outcome = VerifyPin.Outcome.of(r.getSW());
        if (outcome instanceof VerifyPin.Verified) {
            return PinResult.OK;
        }
        if (outcome instanceof VerifyPin.Wrong wrong) {
            triesLeft = wrong.triesLeft();
            return PinResult.WRONG;
        }
        if (outcome instanceof VerifyPin.Blocked) {
            triesLeft = 0;
            return PinResult.BLOCKED;
        }
        throw StatusException.of(command, r.getSW());
    }

    /** Tries left after the last wrong PIN, or -1 when none was wrong. */
    public int triesLeft() {
        return triesLeft;
    }

    /** The records of file {@code sfi}, each numbered by its tag. */
    private List<Tlv> records(int sfi, int[] tags) throws TerminalException {
        List<Tlv> out = new ArrayList<>();
        for (int tag : tags) {
            out.add(Tlv.parse(apdus.expectOk("READ RECORD", ReadRecord.one(tag, sfi).build())));
        }
        return out;
    }
}
