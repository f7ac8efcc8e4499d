package cn.yrd.onecard.demo.day;

import java.io.PrintStream;
import java.util.List;

/** The day's promises, each printed held or broken with up to five examples of what broke it. */
final class Invariants {
    private final PrintStream out;
    private String firstBroken;

    Invariants(PrintStream out) {
        this.out = out;
    }

    void that(String promise, List<?> counterexamples) {
        if (counterexamples.isEmpty()) {
            out.println("  held    " + promise);
        } else {
            String line = promise + ": " + counterexamples.size() + " e.g. "
                    + counterexamples.subList(0, Math.min(5, counterexamples.size()));
            firstBroken = firstBroken == null ? line : firstBroken;
            out.println("  BROKEN  " + line);
        }
    }

    boolean broken() {
        return firstBroken != null;
    }

    /** The first promise that broke, with its examples; null when all held. */
    String firstBroken() {
        return firstBroken;
    }
}
