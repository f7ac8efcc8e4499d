package cn.yrd.onecard.clearing.validation;

/** A record accepted, or suspended with a reason and the detail that shows it. */
public record Verdict(Reason reason, String detail) {
    public static final Verdict ACCEPTED = new Verdict(null, null);

    public static Verdict suspend(Reason reason, String detail) {
        return new Verdict(reason, detail);
    }

    public boolean accepted() {
        return reason == null;
    }
}
