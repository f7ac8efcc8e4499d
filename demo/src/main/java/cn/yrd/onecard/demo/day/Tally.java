package cn.yrd.onecard.demo.day;

import cn.yrd.onecard.terminal.gate.TapResult;
import java.util.Map;
import java.util.TreeMap;

/** The day's taps as they went. */
final class Tally {
    int taps;
    int opened;
    int topUps;
    int claims;
    int payouts;
    int proofs;
    final Map<String, Integer> refused = new TreeMap<>();

    void count(TapResult r) {
        taps++;
        if (r.open()) {
            opened++;
        } else {
            refused.merge(r.reason() == null ? "refused" : r.reason().replaceAll("[0-9.]+", "#"), 1, Integer::sum);
        }
    }
}
