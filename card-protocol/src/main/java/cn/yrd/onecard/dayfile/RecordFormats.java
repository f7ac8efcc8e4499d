package cn.yrd.onecard.dayfile;

import cn.yrd.onecard.card.CardType;
import cn.yrd.onecard.card.Industry;
import cn.yrd.onecard.card.TransactionType;
import cn.yrd.onecard.crypto.CardAlgorithm;
import cn.yrd.onecard.record.MedicalClaim;
import cn.yrd.onecard.record.PensionPayout;
import cn.yrd.onecard.record.TransitRecord;
import java.time.LocalDateTime;
import java.util.List;

/** The three record formats of day files. */
public final class RecordFormats {
    private static final long MAX_U32 = 0xFFFFFFFFL;

    private RecordFormats() {
    }

    public static final RecordFormat<TransitRecord> TRANSIT = new RecordFormat<>(DayFileKind.TRANSIT, List.of(
            "type", "card_serial", "issuer_city", "card_type", "card_expiry", "atc", "amount", "balance_before",
            "time", "terminal_no", "ttc", "algorithm", "key_version", "tac", "acquirer_city", "operator_id",
            "device_id", "industry", "line", "station", "entry_station", "fare_rule")) {

        @Override
        public long amount(TransitRecord r) {
            return r.amount();
        }

        @Override
        List<String> encode(TransitRecord r) {
            return List.of(hex2(r.type().code()), r.cardSerial().digits(), r.issuer().code(),
                    hex2(r.cardType().code()), r.cardExpiry().format(FieldCursor.DATE), str(r.atc()), str(r.amount()),
                    str(r.balanceBefore()), dateTime(r.time()), r.terminalNo(), str(r.ttc()),
                    hex2(r.algorithm().id()), str(r.keyVersion()), r.tac(), r.acquirer().code(), r.operatorId(),
                    r.deviceId(), hex2(r.industry() == null ? 0 : r.industry().code()), str(r.line()),
                    str(r.station()), str(r.entryStation()), r.fareRule());
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

    public static final RecordFormat<MedicalClaim> MEDICAL = new RecordFormat<>(DayFileKind.MEDICAL, List.of(
            "claim_id", "card_number", "home_city", "service_city", "hospital_id", "time", "total", "fund_paid",
            "self_paid")) {

        @Override
        public long amount(MedicalClaim c) {
            return c.total();
        }

        @Override
        List<String> encode(MedicalClaim c) {
            return List.of(c.claimId(), c.cardNumber(), c.homeCity().code(), c.serviceCity().code(),
                    c.hospitalId(), dateTime(c.time()), str(c.total()), str(c.fundPaid()), str(c.selfPaid()));
        }

        @Override
        MedicalClaim decode(FieldCursor f) throws DayFileFormatException {
            return new MedicalClaim(f.text(), f.text(), f.city(), f.city(), f.text(), f.dateTime(),
                    f.number(MAX_U32), f.number(MAX_U32), f.number(MAX_U32));
        }
    };

    public static final RecordFormat<PensionPayout> PENSION = new RecordFormat<>(DayFileKind.PENSION, List.of(
            "payout_id", "card_number", "home_city", "service_city", "agent_id", "time", "kind", "amount")) {

        @Override
        public long amount(PensionPayout p) {
            return p.amount();
        }

        @Override
        List<String> encode(PensionPayout p) {
            return List.of(p.payoutId(), p.cardNumber(), p.homeCity().code(), p.serviceCity().code(), p.agentId(),
                    dateTime(p.time()), p.kind().name(), str(p.amount()));
        }

        @Override
        PensionPayout decode(FieldCursor f) throws DayFileFormatException {
            return new PensionPayout(f.text(), f.text(), f.city(), f.city(), f.text(), f.dateTime(),
                    f.parsed(RecordFormats::pensionKind), f.number(MAX_U32));
        }
    };

    /** The format of {@code kind}. */
    public static RecordFormat<?> of(DayFileKind kind) {
        return switch (kind) {
            case TRANSIT -> TRANSIT;
            case MEDICAL -> MEDICAL;
            case PENSION -> PENSION;
        };
    }

    private static PensionPayout.Kind pensionKind(String v) {
        for (PensionPayout.Kind k : PensionPayout.Kind.values()) {
            if (k.name().equals(v)) {
                return k;
            }
        }
        throw new IllegalArgumentException("'" + v + "' is not PAYOUT or PROOF_OF_LIFE");
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
