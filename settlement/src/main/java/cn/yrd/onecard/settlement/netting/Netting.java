package cn.yrd.onecard.settlement.netting;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.settlement.intake.PairTotal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Multilateral netting of a day's cross-city totals into one position per city and the transfers that settle them. */
public final class Netting {
    private Netting() {
    }

    /**
     * The 16 cities' positions, in city order. Each cross-city pair adds its net to the payee's receivable and
     * the payer's payable, its fees to the payer's fee income and the payee's fee expense; local business
     * moves nothing. The positions are checked to sum to zero.
     */
    public static List<NetPosition> positions(List<PairTotal> totals) {
        Map<String, long[]> sums = new LinkedHashMap<>();
        for (City city : Cities.all()) {
            sums.put(city.code(), new long[4]);
        }
        for (PairTotal t : totals) {
            if (t.local()) {
                continue;
            }
            long[] payee = sums.get(t.payee());
            long[] payer = sums.get(t.payer());
            payee[0] = Math.addExact(payee[0], t.net());
            payer[1] = Math.addExact(payer[1], t.net());
            payer[2] = Math.addExact(payer[2], t.fees());
            payee[3] = Math.addExact(payee[3], t.fees());
        }
        List<NetPosition> positions = new ArrayList<>();
        long sum = 0;
        for (Map.Entry<String, long[]> e : sums.entrySet()) {
            long[] s = e.getValue();
            NetPosition p = new NetPosition(e.getKey(), s[0], s[1], s[2], s[3]);
            positions.add(p);
            sum = Math.addExact(sum, p.net());
        }
        if (sum != 0) {
            throw new IllegalStateException("the 16 net positions sum to " + sum + " fen, not 0");
        }
        return positions;
    }

    /** One transfer per city whose position is not zero. */
    public static List<SettlementInstruction> instructions(LocalDate date, List<NetPosition> positions) {
        List<SettlementInstruction> out = new ArrayList<>();
        for (NetPosition p : positions) {
            if (p.net() != 0) {
                out.add(new SettlementInstruction(SettlementInstruction.reference(date, p.city()), date, p.city(),
                        p.net() < 0 ? SettlementInstruction.Direction.PAY_IN : SettlementInstruction.Direction.PAY_OUT,
                        Math.abs(p.net())));
            }
        }
        return out;
    }
}
