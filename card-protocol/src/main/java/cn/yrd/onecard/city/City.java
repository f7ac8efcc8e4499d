package cn.yrd.onecard.city;

import cn.yrd.onecard.apdu.Bcd;

/**
 * One of the 16 cities. {@code code} is the four-digit city code cards carry (the first four digits of
 * the GB/T 2260 code); the two Taizhous differ in code and English name.
 */
public record City(String code, String province, String nameZh, String nameEn) implements Comparable<City> {

    /** The code as the 2 BCD bytes of card files and issuer IDs. */
    public byte[] bcd() {
        return Bcd.encode(code, 2);
    }

    @Override
    public int compareTo(City other) {
        return code.compareTo(other.code);
    }

    @Override
    public String toString() {
        return nameEn + " (" + code + ")";
    }
}
