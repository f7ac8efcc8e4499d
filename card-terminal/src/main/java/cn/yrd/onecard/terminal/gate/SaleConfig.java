package cn.yrd.onecard.terminal.gate;

import cn.yrd.onecard.money.Fen;
import cn.yrd.onecard.registry.MerchantRegister.Merchant;

/**
 * A merchant's point-of-sale terminal: whose it is (its records carry the merchant's operator ID and city), its own
 * device ID, and the most one payment may take from a purse.
 *
 * @param deviceId the terminal's own ID, 16 hex digits
 * @param limit the single-payment limit, in fen: clearing's {@code max-purchase} unless the acquirer sets less
 */
public record SaleConfig(Merchant merchant, String deviceId, long limit) {
    /** Clearing's default {@code onecard.clearing.max-purchase}: a payment above it would go to suspense. */
    public static final long DEFAULT_LIMIT = 20_000;

    public SaleConfig {
        if (!deviceId.matches("[0-9A-F]{16}")) {
            throw new IllegalArgumentException("a device ID is 16 upper-case hex digits");
        }
        if (limit <= 0 || limit > DEFAULT_LIMIT) {
            throw new IllegalArgumentException("the single-payment limit is 0.01 to " + Fen.asYuan(DEFAULT_LIMIT)
                    + " yuan, got " + Fen.asYuan(limit));
        }
    }

    /**
     * Why the till may not ask a card for {@code amount} fen, or null when it may: checked before the card is
     * touched, so a mistyped amount charges nothing.
     */
    public String refusal(long amount) {
        if (amount <= 0) {
            return "the amount must be more than 0.00 yuan, got " + Fen.asYuan(amount);
        }
        if (amount > limit) {
            return "the amount " + Fen.asYuan(amount) + " is above the single-payment limit of " + Fen.asYuan(limit)
                    + " yuan";
        }
        return null;
    }
}
