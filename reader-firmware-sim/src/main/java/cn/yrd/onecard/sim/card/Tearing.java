package cn.yrd.onecard.sim.card;

/**
 * When a simulated card loses power, for tests that pull the card at every point of a transaction:
 * after its k-th internal memory write, or after executing its n-th command but before answering it.
 * Counts start at 1 from the moment the plan is given to the card; a plan fires once.
 */
public record Tearing(int afterWrite, int beforeAnswer) {
    /** No tearing. */
    public static final Tearing NONE = new Tearing(0, 0);

    public static Tearing afterWrite(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("write number starts at 1");
        }
        return new Tearing(k, 0);
    }

    public static Tearing beforeAnswer(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("command number starts at 1");
        }
        return new Tearing(0, n);
    }
}
