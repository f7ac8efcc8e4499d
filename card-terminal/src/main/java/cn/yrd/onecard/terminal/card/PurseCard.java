package cn.yrd.onecard.terminal.card;

import cn.yrd.onecard.apdu.StatusWord;
import cn.yrd.onecard.card.CardFileException;
import cn.yrd.onecard.card.ManagementInfo;
import cn.yrd.onecard.card.MetroState;
import cn.yrd.onecard.card.PublicInfo;
import cn.yrd.onecard.card.PurseLogEntry;
import cn.yrd.onecard.card.TransactionType;
import cn.yrd.onecard.card.TripRecord;
import cn.yrd.onecard.iso.GetChallenge;
import cn.yrd.onecard.iso.ReadBinary;
import cn.yrd.onecard.iso.ReadRecord;
import cn.yrd.onecard.iso.Select;
import cn.yrd.onecard.purse.ApplicationBlock;
import cn.yrd.onecard.purse.CreditForLoad;
import cn.yrd.onecard.purse.DebitForPurchase;
import cn.yrd.onecard.purse.GetBalance;
import cn.yrd.onecard.purse.GetTransactionProve;
import cn.yrd.onecard.purse.InitializeFor;
import cn.yrd.onecard.purse.LoadInit;
import cn.yrd.onecard.purse.PurchaseInit;
import cn.yrd.onecard.purse.PurseFci;
import cn.yrd.onecard.purse.UpdateCappDataCache;
import cn.yrd.onecard.terminal.reader.Apdus;
import cn.yrd.onecard.terminal.reader.StatusException;
import cn.yrd.onecard.terminal.reader.TerminalException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javax.smartcardio.ResponseAPDU;

/**
 * The transit purse as a terminal talks to it: one method per command of the card profile, each sending the
 * command's type from {@link cn.yrd.onecard.purse} or {@link cn.yrd.onecard.iso} and parsing its answer with it; a
 * refusal is a {@link StatusException} (typed where a caller handles it) naming command and status word.
 */
public final class PurseCard {
    private final Apdus apdus;
    /** What the last SELECT's FCI carried of 0x17 and 0x1A; until the card is written, they are the files. */
    private Optional<ManagementInfo> managementFromFci = Optional.empty();
    private Optional<MetroState> metroFromFci = Optional.empty();

    public PurseCard(Apdus apdus) {
        this.apdus = apdus;
    }

    /** What SELECT EP told: the public info from the FCI, and whether the application is blocked (6283). */
    public record Selected(PublicInfo info, boolean blocked) {
    }

    /**
     * SELECT the EP by its AID: 0x15 comes in the FCI (tag 9F0C), and from our cards 0x17 and 0x1A too. No SELECT
     * PPSE first: the PPSE is how a reader finds which applications a card has, and the terminal knows which it
     * wants (a card without it answers 6A82 here all the same).
     */
    public Selected select() throws TerminalException {
        ResponseAPDU r = apdus.transmit(Select.TRANSIT_PURSE.build());
        if (r.getSW() != StatusWord.OK.code() && r.getSW() != StatusWord.APPLICATION_BLOCKED.code()) {
            throw StatusException.of("SELECT EP", r.getSW());
        }
        PurseFci fci;
        try {
            fci = PurseFci.parse(r.getData());
        } catch (CardFileException e) {
            throw e; // a file of the card is malformed: not a card of the 16 cities
        } catch (IllegalArgumentException e) {
            throw new StatusException("SELECT EP (" + e.getMessage() + ")", r.getSW());
        }
        managementFromFci = fci.management();
        metroFromFci = fci.metro();
        return new Selected(fci.info(), r.getSW() == StatusWord.APPLICATION_BLOCKED.code());
    }

    /** File 0x17: from the FCI when the card sent it there, else READ BINARY. */
    public ManagementInfo readManagementInfo() throws TerminalException {
        if (managementFromFci.isPresent()) {
            return managementFromFci.get();
        }
        return ManagementInfo.decode(apdus.expectOk("READ BINARY 0x17",
                new ReadBinary(ManagementInfo.SFI, 0).build()));
    }

    /** The 0x1A record: from the FCI when the card sent it and nothing was written since, else READ RECORD. */
    public MetroState readMetroState() throws TerminalException {
        if (metroFromFci.isPresent()) {
            return metroFromFci.get();
        }
        return MetroState.decode(apdus.expectOk("READ RECORD 0x1A", ReadRecord.one(1, MetroState.SFI).build()));
    }

    public long balance() throws TerminalException {
        return GetBalance.balance(apdus.expectOk("GET BALANCE", GetBalance.build()));
    }

    /** The newest {@code max} records of the 0x18 log, newest first. */
    public List<PurseLogEntry> log(int max) throws TerminalException {
        return records(PurseLogEntry.SFI, Math.min(max, PurseLogEntry.CAPACITY), PurseLogEntry::decode);
    }

    /** The newest {@code max} trip records of 0x1E, newest first. */
    public List<TripRecord> trips(int max) throws TerminalException {
        return records(TripRecord.SFI, Math.min(max, TripRecord.CAPACITY), TripRecord::decode);
    }

    private <T> List<T> records(int sfi, int max, Function<byte[], T> decode) throws TerminalException {
        List<T> out = new ArrayList<>();
        for (int n = 1; n <= max; n++) {
            ResponseAPDU r = apdus.transmit(ReadRecord.one(n, sfi).build());
            if (ReadRecord.notFound(r.getSW())) {
                break;
            }
            if (r.getSW() != StatusWord.OK.code()) {
                throw StatusException.of("READ RECORD", r.getSW());
            }
            out.add(decode.apply(r.getData()));
        }
        return out;
    }

    /** INITIALIZE FOR CAPP PURCHASE (compound: rides write 0x1A/0x1E with the debit). */
    public PurchaseInit initCappPurchase(long amount, String terminalNo) throws TerminalException {
        InitializeFor init = InitializeFor.of(InitializeFor.Kind.CAPP_PURCHASE, amount, terminalNo);
        return PurchaseInit.parse(apdus.expectOk(init.kind().command(), init.build()));
    }

    /** INITIALIZE FOR PURCHASE (plain: a merchant's payment, no CAPP records). */
    public PurchaseInit initPurchase(long amount, String terminalNo) throws TerminalException {
        InitializeFor init = InitializeFor.of(InitializeFor.Kind.PURCHASE, amount, terminalNo);
        return PurchaseInit.parse(apdus.expectOk(init.kind().command(), init.build()));
    }

    /** INITIALIZE FOR LOAD of {@code amount} at the kiosk {@code terminalNo}: the card's MAC1 for the host. */
    public LoadInit initLoad(long amount, String terminalNo) throws TerminalException {
        InitializeFor init = InitializeFor.of(InitializeFor.Kind.LOAD, amount, terminalNo);
        return LoadInit.parse(apdus.expectOk(init.kind().command(), init.build()));
    }

    /** CREDIT FOR LOAD with the host's MAC2; the card answers the TAC. */
    public byte[] credit(LocalDateTime time, byte[] mac2) throws TerminalException {
        return CreditForLoad.tac(apdus.expectOk("CREDIT FOR LOAD", new CreditForLoad(time, mac2).build()));
    }

    /** UPDATE CAPP DATA CACHE: written only if the DEBIT that follows succeeds. */
    public void updateCapp(int sfi, byte[] record) throws TerminalException {
        metroFromFci = Optional.empty();
        apdus.expectOk("UPDATE CAPP DATA CACHE", new UpdateCappDataCache(sfi, record).build());
    }

    public DebitForPurchase.Proof debit(long ttc, LocalDateTime time, byte[] mac1) throws TerminalException {
        metroFromFci = Optional.empty();
        return DebitForPurchase.Proof.parse(apdus.expectOk("DEBIT FOR PURCHASE",
                new DebitForPurchase(ttc, time, mac1).build()));
    }

    /**
     * GET TRANSACTION PROVE for the purchase the card numbered {@code transactionAtc}: its MAC2 and TAC, or empty
     * when the card answers 9406 (that purchase did not happen).
     */
    public Optional<DebitForPurchase.Proof> prove(TransactionType type, int transactionAtc) throws TerminalException {
        ResponseAPDU r = apdus.transmit(new GetTransactionProve(type, transactionAtc).build());
        if (GetTransactionProve.noSuchPurchase(r.getSW())) {
            return Optional.empty();
        }
        if (r.getSW() != StatusWord.OK.code()) {
            throw StatusException.of("GET TRANSACTION PROVE", r.getSW());
        }
        return Optional.of(GetTransactionProve.parse(r.getData()));
    }

    public byte[] challenge() throws TerminalException {
        return GetChallenge.challenge(apdus.expectOk("GET CHALLENGE", GetChallenge.build()));
    }

    /** APPLICATION BLOCK with the MAC the PSAM computed over {@link ApplicationBlock#header()}. */
    public void block(byte[] mac) throws TerminalException {
        apdus.expectOk("APPLICATION BLOCK", new ApplicationBlock(mac).build());
    }
}
