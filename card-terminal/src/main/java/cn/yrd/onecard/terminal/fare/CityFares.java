package cn.yrd.onecard.terminal.fare;

import cn.yrd.onecard.card.CardType;
import java.util.List;
import java.util.Map;

/**
 * One city's fare rules, as its fare table states them. Amounts are fen; discounts say what percentage of
 * the fare a card type pays (a card of any of the 16 cities gets the same as a local card).
 *
 * @param zoneFares the metro fare by number of zones crossed: index 0 within one zone, 1 one zone further, …
 */
record CityFares(long busDefault, Map<Integer, Long> busLines, Map<Integer, Integer> metroZones,
        List<Long> zoneFares, long metroMaxFare, Map<CardType, Integer> payablePercent, int transferWindowMinutes,
        long transferDiscount, long volumeThreshold, int volumePercentOff) {

    int payable(CardType type) {
        return payablePercent.getOrDefault(type, 100);
    }
}
