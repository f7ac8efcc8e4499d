package cn.yrd.onecard.card;

/** A citizen card's PIN as VERIFY PIN carries it: 4 to 12 digits, packed BCD, an odd length padded with {@code F}. */
public final class Pin {
    private Pin() {
    }

    public static byte[] encode(String digits) {
        if (digits == null || !digits.matches("\\d{4,12}")) {
            throw new IllegalArgumentException("a PIN is 4 to 12 digits");
        }
        String padded = digits.length() % 2 == 0 ? digits : digits + "F";
        byte[] out = new byte[padded.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(padded.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
