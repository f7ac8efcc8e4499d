package cn.yrd.onecard.clearing.validation;

import cn.yrd.onecard.registry.MerchantRegister.Category;
import cn.yrd.onecard.registry.MerchantRegister.Merchant;
import java.util.EnumMap;
import java.util.Map;

/**
 * What a merchant payment costs its merchant, and who of the card's two companies earns it (docs/clearing.md,
 * "Merchant payments"). The merchant discount is the merchant's rate from its register, in basis points of the
 * amount, rounded half up to the fen, then held between its category's minimum and cap, and never more than the
 * amount. On a card of another city the issuer earns {@code interchange-percent} of that discount, rounded down to the
 * fen (the acquirer keeps the odd fen); on the acquirer's own card the one company earns it all.
 */
public final class MerchantFees {
    /** Minimum and cap of the discount by category, in fen: a bill or a fare is cheap to take, a basket less so. */
    private static final Map<Category, long[]> BOUNDS = new EnumMap<>(Map.of(
            Category.RETAIL, new long[] {1, 1_000},
            Category.TAXI, new long[] {1, 100},
            Category.PARKING, new long[] {1, 100},
            Category.FUEL, new long[] {1, 200},
            Category.UTILITY, new long[] {0, 50}));

    private final int interchangePercent;

    public MerchantFees(ClearingRules rules) {
        this.interchangePercent = rules.interchangePercent();
    }

    /** The merchant discount on {@code amount} fen paid to {@code merchant}. */
    public static long discount(Merchant merchant, long amount) {
        long[] bounds = BOUNDS.get(merchant.category());
        long raw = Math.addExact(Math.multiplyExact(amount, merchant.feeBasisPoints()), 5_000) / 10_000;
        return Math.min(amount, Math.max(bounds[0], Math.min(bounds[1], raw)));
    }

    /** The issuer's share of a {@code discount}: nothing when the card is the acquirer's own. */
    public long issuerShare(long discount, boolean crossCity) {
        return crossCity ? Math.multiplyExact(discount, interchangePercent) / 100 : 0;
    }
}
