package cn.yrd.onecard.settlement.reconciliation;

import java.util.List;

/** A bank confirmation or city statement that cannot be reconciled at all; each problem is one line. Nothing was posted. */
public final class RefusedFileException extends Exception {
    private final List<String> problems;

    public RefusedFileException(String summary, List<String> problems) {
        super(summary + (problems.isEmpty() ? "" : ": " + problems.get(0)
                + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "")));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
