package cn.yrd.onecard.record;

import cn.yrd.onecard.card.CardSerial;
import cn.yrd.onecard.card.CardType;
import cn.yrd.onecard.card.Industry;
import cn.yrd.onecard.card.TransactionType;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.crypto.CardAlgorithm;
import cn.yrd.onecard.crypto.Load;
import cn.yrd.onecard.crypto.Purchase;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Objects;

/**
 * One purse transaction as a terminal records it and clearing re-checks it: everything needed to re-verify
 * the TAC, to follow the card's counter and balance chain, and to say which city owes which.
 *
 * @param atc the card counter the transaction used: the offline ATC returned by INITIALIZE FOR PURCHASE
 *     (the card numbers the purchase {@code atc + 1}), or the online ATC of INITIALIZE FOR LOAD
 * @param industry null for loads, which are not rides
 * @param entryStation the metro entry station on an exit record, 0 otherwise
 * @param fareRule the fare rule the terminal applied, a short token such as {@code BUS_FLAT}
 */
public record TransitRecord(TransactionType type, CardSerial cardSerial, City issuer, CardType cardType,
        LocalDate cardExpiry, int atc, long amount, long balanceBefore, LocalDateTime time, String terminalNo,
        long ttc, CardAlgorithm algorithm, int keyVersion, String tac, City acquirer, String operatorId,
        String deviceId, Industry industry, int line, int station, int entryStation, String fareRule) {

    public TransitRecord {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(cardSerial, "card serial");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(acquirer, "acquirer");
        Fields.check("ATC", atc, 0xFFFF);
        Fields.check("amount", amount, 0xFFFFFFFFL);
        Fields.check("balance before", balanceBefore, 0xFFFFFFFFL);
        Fields.check("TTC", ttc, 0xFFFFFFFFL);
        Fields.check("key version", keyVersion, 0xFF);
        Fields.check("line", line, 0xFFFF);
        Fields.check("station", station, 0xFFFF);
        Fields.check("entry station", entryStation, 0xFFFF);
        Fields.checkHex("terminal no", terminalNo, 12);
        Fields.checkHex("TAC", tac, 8);
        Fields.checkHex("operator ID", operatorId, 16);
        Fields.checkHex("device ID", deviceId, 16);
        Fields.checkToken("fare rule", fareRule);
        if ((industry == null) != type.isCredit()) {
            throw new IllegalArgumentException("a ride has an industry and a load has none");
        }
    }

    /**
     * The balance the card holds after this transaction. Negative only for a forged or corrupt purchase,
     * which clearing suspends as a broken balance chain.
     */
    public long balanceAfter() {
        return type.isCredit() ? balanceBefore + amount : balanceBefore - amount;
    }

    /** True when the card was issued in another city than the one it was used in. */
    public boolean isCrossCity() {
        return !issuer.equals(acquirer);
    }

    /** What the TAC of a purchase covers. */
    public Purchase purchase() {
        return new Purchase(amount, type.code(), terminalNo, ttc, time);
    }

    /** What the TAC of a load covers (with {@link #balanceAfter()} and {@link #atc()}). */
    public Load load() {
        return new Load(amount, type.code(), terminalNo, time);
    }

    @Override
    public String toString() {
        return "TransitRecord[" + type + " " + amount + " fen, card " + cardSerial + " of " + issuer + " in "
                + acquirer + ", ATC " + atc + ", terminal " + terminalNo + "/" + ttc + " at " + time + "]";
    }
}
