package cn.yrd.onecard.settlement.fund;

import java.time.LocalDate;

/**
 * One settled day's business of a home city's fund with one service city, of one kind and care: how many records and
 * how much (fen) its fund paid ({@link Kind#CLAIM}, {@link Kind#PAYOUT}) or got back ({@link Kind#REVERSAL}); proofs of
 * life move nothing. {@code care} is a claim's or reversal's ({@code THREE-INPATIENT}), empty for pensions;
 * {@code bills} the claims' whole bills, of which the fund paid {@code amount}.
 */
public record FundMovement(LocalDate businessDate, Fund fund, String homeCity, String serviceCity, Kind kind,
        String care, long records, long amount, long bills) {

    public enum Fund {
        MEDICAL,
        PENSION
    }

    public enum Kind {
        CLAIM,
        REVERSAL,
        PAYOUT,
        PROOF_OF_LIFE
    }

    /** What the movement adds to the fund's spending away from home: a reversal takes it back. */
    public long signedAmount() {
        return kind == Kind.REVERSAL ? -amount : amount;
    }
}
