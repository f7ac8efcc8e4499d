package cn.yrd.onecard.card;

import cn.yrd.onecard.apdu.Bcd;
import cn.yrd.onecard.privacy.Mask;

/**
 * A card's serial: the last 8 bytes (16 BCD digits) of its application serial, the input of key
 * diversification. Printed masked; {@link #digits()} gives it whole where a record needs it.
 */
public record CardSerial(String digits) implements Comparable<CardSerial> {

    public CardSerial {
        if (digits == null || digits.length() != 16 || !decimal(digits)) {
            throw new IllegalArgumentException("card serial must be 16 decimal digits, got '"
                    + (digits == null ? "null" : Mask.serial(digits)) + "'");
        }
    }

    private static boolean decimal(String digits) {
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    public static CardSerial of(String digits) {
        return new CardSerial(digits);
    }

    public static CardSerial fromBytes(byte[] eightBytes) {
        if (eightBytes.length != 8) {
            throw new IllegalArgumentException("card serial must be 8 bytes, got " + eightBytes.length);
        }
        return new CardSerial(Bcd.decode(eightBytes));
    }

    /** The 8 bytes that diversify card keys. */
    public byte[] bytes() {
        return Bcd.encode(digits, 8);
    }

    public String masked() {
        return Mask.serial(digits);
    }

    @Override
    public int compareTo(CardSerial o) {
        return digits.compareTo(o.digits);
    }

    @Override
    public String toString() {
        return masked();
    }
}
