package cn.yrd.onecard.demo.day;

import cn.yrd.onecard.terminal.gate.TapResult;
import java.util.Map;
import java.util.TreeMap;

/** The day's taps and payments as they went. */
final class Tally {
    int taps;
    int opened;
    int topUps;
    int claims;
    /** Claims cancelled at the hospital that made them, through the patient's home city. */
    int reversals;
    int payouts;
    int proofs;
    /** Water bills paid at the works' kiosks, each counted once. */
    int bills;
    final Map<String, Integer> refused = new TreeMap<>();
    /** Payments asked at the merchants' tills, those paid, and why the others were not. */
    int sales;
    int paid;
    final Map<String, Integer> notPaid = new TreeMap<>();

    void sale(TapResult r) {
        sales++;
        if (r.open()) {
            paid++;
        } else {
            notPaid.merge(r.reason() == null ? "refused" : r.reason().replaceAll("[0-9.]+", "#"), 1, Integer::sum);
        }
    }

    void count(TapResult r) {
        taps++;
        if (r.open()) {
            opened++;
        } else {
            refused.merge(r.reason() == null ? "refused" : r.reason().replaceAll("[0-9.]+", "#"), 1, Integer::sum);
        }
    }
}
