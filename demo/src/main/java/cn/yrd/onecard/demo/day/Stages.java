package cn.yrd.onecard.demo.day;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** Each stage of the day as it ends, and the time each took. */
final class Stages {
    private final PrintStream out;
    private final Map<String, Long> millis = new LinkedHashMap<>();
    private long last = System.nanoTime();

    Stages(PrintStream out) {
        this.out = out;
    }

    void done(String stage, String what) {
        long now = System.nanoTime();
        millis.put(stage, (now - last) / 1_000_000);
        last = now;
        out.printf("%-10s %s (%.1f s)%n", stage, what, millis.get(stage) / 1000.0);
    }

    /** How long {@code stage} took, 0 if it has not run. */
    long millis(String stage) {
        return millis.getOrDefault(stage, 0L);
    }

    void print() {
        out.println("time per stage: " + times());
    }

    /** {@code issue 3.4 s, ride 15.8 s, ...} */
    String times() {
        StringBuilder line = new StringBuilder();
        millis.forEach((stage, ms) -> line.append(String.format("%s %.1f s, ", stage, ms / 1000.0)));
        return line.isEmpty() ? "" : line.substring(0, line.length() - 2);
    }
}
