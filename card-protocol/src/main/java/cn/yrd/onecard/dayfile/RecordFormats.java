package cn.yrd.onecard.dayfile;

import cn.yrd.onecard.card.CardType;
import cn.yrd.onecard.card.Industry;
import cn.yrd.onecard.card.TransactionType;
import cn.yrd.onecard.crypto.CardAlgorithm;
import cn.yrd.onecard.record.MedicalCare;
import cn.yrd.onecard.record.MedicalClaim;
import cn.yrd.onecard.record.PensionPayout;
import cn.yrd.onecard.record.TransitRecord;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The record formats of day files, one a kind. */
public final class RecordFormats {
    private static final long MAX_U32 = 0xFFFFFFFFL;

    private RecordFormats() {
    }

    /** The purse fields a ride and a merchant payment share, in line order: what the TAC and the card's chain need. */
    private static final List<String> PURSE_FIELDS = List.of("type", "card_serial", "issuer_city", "card_type",
            "card_expiry", "atc", "amount", "balance_before", "time", "terminal_no", "ttc", "algorithm", "key_version",
            "tac", "acquirer_city");

    public static final RecordFormat<TransitRecord> TRANSIT = new RecordFormat<>(DayFileKind.TRANSIT,
            fields(PURSE_FIELDS, "operator_id", "device_id", "industry", "line", "station", "entry_station",
                    "fare_rule")) {

        @Override
        public long amount(TransitRecord r) {
            return r.amount();
        }

        @Override
        List<String> encode(TransitRecord r) {
            return fields(purse(r), r.operatorId(), r.deviceId(), hex2(r.industry() == null ? 0 : r.industry().code()),
                    str(r.line()), str(r.station()), str(r.entryStation()), r.fareRule());
        }

        @Override
        TransitRecord decode(FieldCursor f) throws DayFileFormatException {
            return new TransitRecord(f.parsedHexByte(TransactionType::of), f.cardSerial(), f.city(),
                    f.parsedHexByte(CardType::of), f.date(), (int) f.number(0xFFFF), f.number(MAX_U32),
                    f.number(MAX_U32), f.dateTime(), f.text(), f.number(MAX_U32),
                    f.parsedHexByte(CardAlgorithm::ofId), (int) f.number(0xFF), f.text(), f.city(), f.text(),
                    f.text(), f.parsedHexByte(code -> code == 0 ? null : Industry.of(code)),
                    (int) f.number(0xFFFF), (int) f.number(0xFFFF), (int) f.number(0xFFFF), f.text());
        }
    };

    /**
     * A merchant's payment from the purse: a plain purchase (type 06) at a point-of-sale terminal, its operator the
     * merchant ({@code 0} and the merchant id, {@link cn.yrd.onecard.registry.MerchantRegister.Merchant#operatorId}).
     * It reads as a {@link TransitRecord} of {@link Industry#MERCHANT} with no line, station or fare rule of its own
     * ({@link #SALE}), or, paid at a utilities kiosk, the bill it paid ({@link #billRule}): one purse, one chain of a
     * card's records, rides and payments alike.
     */
    public static final RecordFormat<TransitRecord> MERCHANT = new RecordFormat<>(DayFileKind.MERCHANT,
            fields(PURSE_FIELDS, "merchant_id", "device_id", "bill_no")) {

        @Override
        public long amount(TransitRecord r) {
            return r.amount();
        }

        @Override
        List<String> encode(TransitRecord r) {
            if (r.industry() != Industry.MERCHANT) {
                throw new IllegalArgumentException("a merchant day file holds merchant payments, not " + r);
            }
            return fields(purse(r), r.operatorId().substring(1), r.deviceId(), billNo(r).orElse(""));
        }

        @Override
        TransitRecord decode(FieldCursor f) throws DayFileFormatException {
            TransactionType type = f.parsedHexByte(TransactionType::of);
            if (type != TransactionType.PURCHASE) {
                throw new IllegalArgumentException("a merchant payment is a purchase (type 06), not " + type);
            }
            return new TransitRecord(type, f.cardSerial(), f.city(), f.parsedHexByte(CardType::of), f.date(),
                    (int) f.number(0xFFFF), f.number(MAX_U32), f.number(MAX_U32), f.dateTime(), f.text(),
                    f.number(MAX_U32), f.parsedHexByte(CardAlgorithm::ofId), (int) f.number(0xFF), f.text(), f.city(),
                    "0" + f.parsed(RecordFormats::merchantId), f.text(), Industry.MERCHANT, 0, 0, 0,
                    f.parsed(bill -> bill.isEmpty() ? SALE : billRule(bill)));
        }
    };

    /** The fare rule a merchant payment carries in memory: it has no fare, the merchant's till said the amount. */
    public static final String SALE = "SALE";
    /** A bill's number, as its biller numbers it: 6 to 20 digits. */
    public static final String BILL_NO = "[0-9]{6,20}";
    private static final String BILL_PREFIX = "BILL-";

    /**
     * The fare rule a bill payment carries in memory (a merchant day file has the number in its own field): the
     * payment's rule says what it paid, a bill where a sale says {@link #SALE}.
     */
    public static String billRule(String billNo) {
        if (billNo == null || !billNo.matches(BILL_NO)) {
            throw new IllegalArgumentException("a bill number is 6 to 20 digits, got '" + billNo + "'");
        }
        return BILL_PREFIX + billNo;
    }

    /** The bill {@code r} paid, if it is a bill payment. */
    public static Optional<String> billNo(TransitRecord r) {
        return r.industry() == Industry.MERCHANT && r.fareRule().startsWith(BILL_PREFIX)
                ? Optional.of(r.fareRule().substring(BILL_PREFIX.length())) : Optional.empty();
    }

    public static final RecordFormat<MedicalClaim> MEDICAL = new RecordFormat<>(DayFileKind.MEDICAL, List.of(
            "claim_id", "card_number", "home_city", "service_city", "hospital_id", "time", "kind", "care",
            "total", "fund_paid", "self_paid", "authorisation")) {

        @Override
        public long amount(MedicalClaim c) {
            return c.total();
        }

        @Override
        List<String> encode(MedicalClaim c) {
            return List.of(c.claimId(), c.cardNumber(), c.homeCity().code(), c.serviceCity().code(),
                    c.hospitalId(), dateTime(c.time()), c.kind().name(), c.care().code(), str(c.total()),
                    str(c.fundPaid()), str(c.selfPaid()), c.authorisation());
        }

        @Override
        MedicalClaim decode(FieldCursor f) throws DayFileFormatException {
            return new MedicalClaim(f.text(), f.text(), f.city(), f.city(), f.text(), f.dateTime(),
                    f.parsed(RecordFormats::claimKind), f.parsed(MedicalCare::parse), f.number(MAX_U32),
                    f.number(MAX_U32), f.number(MAX_U32), f.text());
        }
    };

    public static final RecordFormat<PensionPayout> PENSION = new RecordFormat<>(DayFileKind.PENSION, List.of(
            "payout_id", "card_number", "home_city", "service_city", "agent_id", "time", "kind", "amount",
            "authorisation")) {

        @Override
        public long amount(PensionPayout p) {
            return p.amount();
        }

        @Override
        List<String> encode(PensionPayout p) {
            return List.of(p.payoutId(), p.cardNumber(), p.homeCity().code(), p.serviceCity().code(), p.agentId(),
                    dateTime(p.time()), p.kind().name(), str(p.amount()), p.authorisation());
        }

        @Override
        PensionPayout decode(FieldCursor f) throws DayFileFormatException {
            return new PensionPayout(f.text(), f.text(), f.city(), f.city(), f.text(), f.dateTime(),
                    f.parsed(RecordFormats::pensionKind), f.number(MAX_U32), f.text());
        }
    };

    /** The format of {@code kind}. */
    public static RecordFormat<?> of(DayFileKind kind) {
        return switch (kind) {
            case TRANSIT -> TRANSIT;
            case MEDICAL -> MEDICAL;
            case PENSION -> PENSION;
            case MERCHANT -> MERCHANT;
        };
    }

    /** The format of a kind whose records are purse records: rides and loads, or merchant payments. */
    public static RecordFormat<TransitRecord> purse(DayFileKind kind) {
        return switch (kind) {
            case TRANSIT -> TRANSIT;
            case MERCHANT -> MERCHANT;
            default -> throw new IllegalArgumentException(kind + " records are not purse records");
        };
    }

    private static MedicalClaim.Kind claimKind(String v) {
        for (MedicalClaim.Kind k : MedicalClaim.Kind.values()) {
            if (k.name().equals(v)) {
                return k;
            }
        }
        throw new IllegalArgumentException("'" + v + "' is not CLAIM or REVERSAL");
    }

    private static PensionPayout.Kind pensionKind(String v) {
        for (PensionPayout.Kind k : PensionPayout.Kind.values()) {
            if (k.name().equals(v)) {
                return k;
            }
        }
        throw new IllegalArgumentException("'" + v + "' is not PAYOUT or PROOF_OF_LIFE");
    }

    private static String merchantId(String v) {
        if (!v.matches("[0-9]{15}")) {
            throw new IllegalArgumentException("'" + v + "' is not a merchant id (15 digits)");
        }
        return v;
    }

    private static List<String> purse(TransitRecord r) {
        return List.of(r.type().hex(), r.cardSerial().digits(), r.issuer().code(), hex2(r.cardType().code()),
                r.cardExpiry().format(FieldCursor.DATE), str(r.atc()), str(r.amount()), str(r.balanceBefore()),
                dateTime(r.time()), r.terminalNo(), str(r.ttc()), hex2(r.algorithm().id()), str(r.keyVersion()),
                r.tac(), r.acquirer().code());
    }

    private static List<String> fields(List<String> first, String... rest) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(rest));
        return all;
    }

    private static String str(long n) {
        return Long.toString(n);
    }

    private static String hex2(int b) {
        return String.format("%02X", b);
    }

    private static String dateTime(LocalDateTime t) {
        return t.format(FieldCursor.DATE_TIME);
    }
}
