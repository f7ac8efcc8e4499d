package cn.yrd.onecard.settlement.intake;

/** The clearing files of a day do not add up or are not all there: the day is refused and nothing changes. */
public final class RefusedDayException extends Exception {
    public RefusedDayException(String message) {
        super(message);
    }
}
