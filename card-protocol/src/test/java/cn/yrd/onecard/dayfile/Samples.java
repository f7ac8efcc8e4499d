package cn.yrd.onecard.dayfile;

import cn.yrd.onecard.card.CardSerial;
import cn.yrd.onecard.card.CardType;
import cn.yrd.onecard.card.Industry;
import cn.yrd.onecard.card.TransactionType;
import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.crypto.CardAlgorithm;
import cn.yrd.onecard.record.MedicalClaim;
import cn.yrd.onecard.record.PensionPayout;
import cn.yrd.onecard.record.TransitRecord;
import java.time.LocalDate;
import java.time.LocalDateTime;

/** Records a Suzhou metro operator, a Ningbo hospital and a Ningbo pension agent might send. */
final class Samples {
    static final LocalDate DAY = LocalDate.of(2026, 11, 23);

    private Samples() {
    }

    static TransitRecord ride(int atc, long amount, long balanceBefore) {
        return new TransitRecord(TransactionType.COMPOUND_PURCHASE, CardSerial.of("3100000000001234"),
                Cities.byCode("3100"), CardType.NORMAL, LocalDate.of(2030, 12, 31), atc, amount, balanceBefore,
                LocalDateTime.of(2026, 11, 23, 8, 15, atc % 60), "0000AB12CD34", 1000 + atc,
                CardAlgorithm.TRIPLE_DES, 1, "1A2B3C4D", Cities.byCode("3205"), "0000000000003205",
                "00000000000000A1", Industry.RAIL, 1, 12, 3, "METRO_ZONE");
    }

    static TransitRecord load(int onlineAtc, long amount, long balanceBefore) {
        return new TransitRecord(TransactionType.LOAD, CardSerial.of("3100000000001234"), Cities.byCode("3100"),
                CardType.NORMAL, LocalDate.of(2030, 12, 31), onlineAtc, amount, balanceBefore,
                LocalDateTime.of(2026, 11, 23, 12, 0), "000000000071", 7, CardAlgorithm.TRIPLE_DES, 1,
                "00FF00FF", Cities.byCode("3205"), "0000000000003205", "00000000000000B2", null, 0, 0, 0, "TOPUP");
    }

    /** A Shanghai card paying a Suzhou shop, merchant 320500000000017. */
    static TransitRecord payment(int atc, long amount, long balanceBefore) {
        return new TransitRecord(TransactionType.PURCHASE, CardSerial.of("3100000000001234"), Cities.byCode("3100"),
                CardType.NORMAL, LocalDate.of(2030, 12, 31), atc, amount, balanceBefore,
                LocalDateTime.of(2026, 11, 23, 10, 2, 7), "0000AB12CD40", 55, CardAlgorithm.TRIPLE_DES, 1, "5E6F7081",
                Cities.byCode("3205"), "0320500000000017", "00000000000000C3", Industry.MERCHANT, 0, 0, 0,
                RecordFormats.SALE);
    }

    static DayFileHeader transitHeader() {
        return new DayFileHeader(DayFileKind.TRANSIT, "SZMETRO", Cities.byCode("3205"), DAY, 1);
    }

    static MedicalClaim claim(String id, long total, long fund) {
        return new MedicalClaim(id, "A12345678", Cities.byCode("3100"), Cities.byCode("3302"), "NBH001",
                LocalDateTime.of(2026, 11, 23, 10, 30), MedicalClaim.Kind.CLAIM, cn.yrd.onecard.record.MedicalCare.parse("TWO-OUTPATIENT"), total, fund, total - fund, "0123456789ABCDEF");
    }

    static PensionPayout payout(String id, PensionPayout.Kind kind, long amount) {
        return new PensionPayout(id, "A12345678", Cities.byCode("3100"), Cities.byCode("3302"), "NBAGENT7",
                LocalDateTime.of(2026, 11, 23, 9, 0), kind, amount, "");
    }
}
