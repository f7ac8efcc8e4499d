package cn.yrd.onecard.sim.card;

import cn.yrd.onecard.city.City;
import java.util.Map;
import java.util.function.Function;

/**
 * What a PSAM is issued with: its terminal number, its TTC, and the purchase and maintenance master keys of
 * the cities it serves (all 16 in the delta). It never holds load or TAC keys.
 */
public record PsamSpec(String terminalNo, long ttc, Function<City, byte[]> purchaseKeys,
        Function<City, byte[]> maintenanceKeys) {

    public PsamSpec {
        if (terminalNo == null || !terminalNo.matches("[0-9A-F]{12}")) {
            throw new IllegalArgumentException("PSAM terminal number must be 12 upper-case hex digits");
        }
        if (ttc < 0 || ttc > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("TTC must be 0..4294967295");
        }
    }

    public static PsamSpec of(String terminalNo, Map<City, byte[]> purchase, Map<City, byte[]> maintenance) {
        return new PsamSpec(terminalNo, 0, purchase::get, maintenance::get);
    }

    @Override
    public String toString() {
        return "PsamSpec[" + terminalNo + ", TTC " + ttc + ", keys redacted]";
    }
}
