package cn.yrd.onecard.terminal.gate;

import cn.yrd.onecard.card.CardFileException;
import cn.yrd.onecard.card.Industry;
import cn.yrd.onecard.card.ManagementInfo;
import cn.yrd.onecard.card.MetroState;
import cn.yrd.onecard.card.TransactionType;
import cn.yrd.onecard.card.TripRecord;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.crypto.CardAlgorithm;
import cn.yrd.onecard.dayfile.RecordFormats;
import cn.yrd.onecard.hotlist.Hotlist;
import cn.yrd.onecard.money.Fen;
import cn.yrd.onecard.psam.InitSamForPurchase;
import cn.yrd.onecard.purse.DebitForPurchase;
import cn.yrd.onecard.purse.PurchaseInit;
import cn.yrd.onecard.record.TransitRecord;
import cn.yrd.onecard.registry.MerchantRegister.Category;
import cn.yrd.onecard.terminal.card.PurseCard;
import cn.yrd.onecard.terminal.fare.FareException;
import cn.yrd.onecard.terminal.fare.FareTable;
import cn.yrd.onecard.terminal.fare.Ride;
import cn.yrd.onecard.terminal.journal.Journal;
import cn.yrd.onecard.terminal.reader.ReaderFailedException;
import cn.yrd.onecard.terminal.reader.StatusException;
import cn.yrd.onecard.terminal.reader.TerminalException;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.commons.codec.binary.Hex;

/** The participants of a tap, in the order a gate runs them. */
final class Steps {
    private Steps() {
    }

    /** SELECT the purse; its public info comes with the FCI. A card of no delta city is refused here. */
    static TapStep select() {
        return tap -> {
            try {
                PurseCard.Selected s = tap.card.select();
                tap.info = s.info();
                tap.blocked = s.blocked();
            } catch (CardFileException e) {
                tap.refuse("not a card of the 16 cities (" + e.getMessage() + ")");
            } catch (StatusException.CardLockedException e) {
                tap.refuse("card locked");
            } catch (StatusException e) {
                tap.refuse("no transit application (" + e.getMessage() + ")");
            }
        };
    }

    /** Blocked, expired, not yet valid, or not interoperable outside its city: refused with the reason shown. */
    static TapStep checkCard() {
        return tap -> {
            if (tap.blocked) {
                tap.refuse("card blocked");
                return;
            }
            if (tap.now.toLocalDate().isAfter(tap.info.expiryDate())) {
                tap.refuse("card expired on " + tap.info.expiryDate());
                return;
            }
            if (tap.now.toLocalDate().isBefore(tap.info.startDate())) {
                tap.refuse("card valid only from " + tap.info.startDate());
                return;
            }
            if (!tap.info.issuerId().city().equals(tap.city)) {
                ManagementInfo m = tap.card.readManagementInfo();
                if (!m.interoperable()) {
                    tap.refuse("card of " + tap.info.issuerId().city() + " is not interoperable");
                }
            }
        };
    }

    /**
     * An earlier purchase of this card on this terminal whose answer never came (card pulled during DEBIT):
     * the card proves it happened (complete it, the passenger has paid) or that it did not (abandon it).
     */
    static TapStep settlePending(Journal journal) {
        return tap -> {
            Optional<Journal.Intent> pending = journal.pendingFor(tap.info.cardSerial());
            if (pending.isEmpty()) {
                return;
            }
            TransitRecord r = pending.get().record();
            Optional<DebitForPurchase.Proof> proof = tap.card.prove(r.type(), r.atc() + 1);
            if (proof.isPresent()) {
                tap.record = journal.complete(pending.get().seq(), Hex.encodeHexString(proof.get().tac(), false));
                tap.balanceAfter = r.balanceAfter();
                tap.openWith("previous tap completed (proved by the card)");
            } else {
                journal.abandon(pending.get().seq(), "card proved no debit (9406)");
            }
        };
    }

    /**
     * A bill whose payment by another card was cut off here waits for that card to settle it: one kiosk never takes a
     * bill twice. (The card that was cut off settled its own in {@link #settlePending}.)
     */
    static TapStep billOnce(Journal journal) {
        return tap -> {
            if (tap.saleRule == null || tap.saleRule.equals(RecordFormats.SALE)) {
                return;
            }
            for (Journal.Intent i : journal.pending()) {
                if (i.record().fareRule().equals(tap.saleRule)) {
                    tap.refuse("bill " + RecordFormats.billNo(i.record()).orElseThrow() + " has a payment cut "
                            + "off here: present card " + i.record().cardSerial().masked() + " again to settle it");
                    return;
                }
            }
        };
    }

    /** A listed card is blocked on the spot with the PSAM's MAC and refused. */
    static TapStep hotlist(Supplier<Hotlist> hotlist) {
        return tap -> {
            if (!hotlist.get().isListedAt(tap.info.cardSerial(), tap.now)) {
                return;
            }
            // The algorithm first: the INITIALIZE that tells it ends any session, challenge included.
            CardAlgorithm alg = algorithm(tap);
            byte[] challenge = tap.card.challenge();
            byte[] issuerId = Arrays.copyOf(tap.info.encode(), 8);
            tap.card.block(tap.sam.blockMac(tap.info.cardSerial(), issuerId, alg, challenge));
            tap.refuse("card hotlisted: blocked");
        };
    }

    static TapStep readMetroState() {
        return tap -> tap.metro = tap.card.readMetroState();
    }

    static TapStep price(FareTable fares) {
        return tap -> {
            try {
                tap.quote = fares.price(tap.ride, tap.info.cardType(), tap.metro);
            } catch (FareException e) {
                tap.refuse("no fare: " + e.getMessage());
            }
        };
    }

    /**
     * The compound purchase: INIT, the PSAM's MAC1, the journal's intent (synced), the new 0x1A and 0x1E
     * records, DEBIT, the journal's completion (synced), the PSAM's check of MAC2. Then the gate opens.
     */
    static TapStep purchase(GateConfig gate, Journal journal) {
        return tap -> {
            long amount = tap.quote.amount();
            charge(tap, journal, TransactionType.COMPOUND_PURCHASE, amount, new Where(gate.city(), gate.operatorId(),
                    gate.deviceId(), tap.ride.kind().industry(), gate.line(), gate.station(),
                    tap.ride.kind() == Ride.Kind.METRO_EXIT ? tap.metro.entryStation() : 0, tap.quote.rule()),
                    balanceAfter -> {
                        tap.card.updateCapp(MetroState.SFI, tap.quote.next().encode());
                        tap.card.updateCapp(TripRecord.SFI, trip(gate, tap, amount, balanceAfter).encode());
                    });
        };
    }

    /**
     * A merchant's payment, a plain purchase (type 06): as a ride's, less the CAPP records. A card short of the
     * amount is refused with the balance it holds, so the till can ask for the rest another way. A bill payment's
     * record names the bill in its rule.
     */
    static TapStep sale(SaleConfig till, Journal journal) {
        Category category = till.merchant().category();
        return tap -> {
            if (!category.allows(tap.info.cardType())) {
                tap.refuse("a " + tap.info.cardType().name().toLowerCase(Locale.ROOT) + " card does not pay for "
                        + category.name().toLowerCase(Locale.ROOT));
                return;
            }
            charge(tap, journal, TransactionType.PURCHASE, tap.saleAmount, new Where(till.merchant().city(),
                    till.merchant().operatorId(), till.deviceId(), Industry.MERCHANT, 0, 0, 0, tap.saleRule),
                    null);
        };
    }

    /** Where a purchase was made, as its record names it: the acquirer's city, operator and device, and the ride's. */
    private record Where(City acquirer, String operatorId, String deviceId, Industry industry, int line, int station,
            int entryStation, String rule) {
    }

    /** What a compound purchase writes to the card between the journal's intent and the DEBIT. */
    private interface CappWrites {
        void write(long balanceAfter) throws TerminalException;
    }

    /**
     * INIT, the PSAM's MAC1, the journal's intent (synced, the CAPP records if any sent meanwhile), DEBIT, the
     * journal's completion (synced, the PSAM's check of MAC2 meanwhile). The card has paid once DEBIT answers: the
     * terminal then says yes, whatever the PSAM says of MAC2.
     */
    private static void charge(TapContext tap, Journal journal, TransactionType type, long amount, Where where,
            CappWrites capp) throws TerminalException, IOException {
        PurchaseInit init;
        try {
            init = type == TransactionType.PURCHASE ? tap.card.initPurchase(amount, tap.sam.terminalNo())
                    : tap.card.initCappPurchase(amount, tap.sam.terminalNo());
        } catch (StatusException.InsufficientBalanceException e) {
            tap.refuse("insufficient balance for " + Fen.asYuan(amount) + (tap.ride != null ? ""
                    : " (the card holds " + Fen.asYuan(tap.card.balance()) + ")"));
            return;
        }
        byte[] issuerId = Arrays.copyOf(tap.info.encode(), 8);
        InitSamForPurchase.Answer mac1 = tap.sam.initForPurchase(init.random(), init.offlineAtc(), amount,
                type.code(), tap.now, init.keyVersion(), init.algorithm(), tap.info.cardSerial(), issuerId);
        long balanceAfter = init.balance() - amount;
        TransitRecord intent = new TransitRecord(type, tap.info.cardSerial(), tap.info.issuerId().city(),
                tap.info.cardType(), tap.info.expiryDate(), init.offlineAtc(), amount, init.balance(), tap.now,
                tap.sam.terminalNo(), mac1.ttc(), init.algorithm(), init.keyVersion(), "00000000", where.acquirer(),
                where.operatorId(), where.deviceId(), where.industry(), where.line(), where.station(),
                where.entryStation(), where.rule());
        // The CAPP records go to the card while the intent syncs: the card only caches them until DEBIT, which waits
        // for the intent to be on disk. The PSAM checks MAC2 while the completion syncs; the gate opens after both.
        long seq = capp == null ? journal.intent(intent) : journal.intent(intent, () -> capp.write(balanceAfter));
        DebitForPurchase.Proof debit = tap.card.debit(mac1.ttc(), tap.now, mac1.mac1());
        String[] mac2 = new String[1];
        tap.record = journal.complete(seq, Hex.encodeHexString(debit.tac(), false),
                () -> mac2[0] = mac2Checked(tap, debit));
        tap.balanceAfter = balanceAfter;
        tap.openWith(mac2[0]);
    }

    /** What the PSAM said of the card's MAC2: null when it checks, else the note the tap's line carries. */
    private static String mac2Checked(TapContext tap, DebitForPurchase.Proof debit) throws TerminalException {
        try {
            return tap.sam.creditForPurchase(debit.mac2()) ? null
                    : "PSAM rejected the card's MAC2 (recorded; clearing will check the TAC)";
        } catch (ReaderFailedException e) {
            // The card has paid and the purchase is journaled: the terminal says yes. The PSAM's failure shows on
            // the next tap, before that card is charged.
            return "PSAM failed checking the card's MAC2 (recorded; clearing will check the TAC)";
        }
    }

    private static TripRecord trip(GateConfig gate, TapContext tap, long amount, long balanceAfter) {
        TripRecord.Kind kind = switch (tap.ride.kind()) {
            case BUS -> TripRecord.Kind.BUS;
            case METRO_ENTRY -> TripRecord.Kind.METRO_ENTRY;
            case METRO_EXIT -> TripRecord.Kind.METRO_EXIT;
        };
        int operator = Integer.parseInt(gate.operatorId().substring(12), 16);
        return TripRecord.of(kind, gate.deviceId(), tap.ride.kind() == Ride.Kind.BUS ? Industry.BUS : Industry.RAIL,
                gate.line(), gate.station(), operator, amount, balanceAfter, tap.now, gate.city(), gate.operatorId());
    }

    private static CardAlgorithm algorithm(TapContext tap) throws TerminalException {
        // The card tells its algorithm in INITIALIZE; a zero-amount INIT asks without committing anything.
        return tap.card.initCappPurchase(0, tap.sam.terminalNo()).algorithm();
    }
}
