package cn.yrd.onecard.card;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;

/** The 8-byte issuer ID: issuer code(2) ‖ city code(2) ‖ industry code(2) ‖ {@code FFFF}. */
public record IssuerId(int issuerCode, City city, int industryCode) {

    public IssuerId {
        if (issuerCode < 0 || issuerCode > 0xFFFF || industryCode < 0 || industryCode > 0xFFFF) {
            throw new IllegalArgumentException("issuer and industry codes are two bytes each");
        }
    }

    /**
     * The city an 8-byte issuer ID names (its bytes 2 and 3), the rest unchecked: what a PSAM needs to pick the city's
     * keys.
     */
    public static City cityOf(byte[] issuerId) {
        if (issuerId.length != 8) {
            throw new IllegalArgumentException("an issuer ID is 8 bytes, not " + issuerId.length);
        }
        return Cities.fromBcd(issuerId, 2);
    }

    void writeTo(Layout out) {
        out.u16(issuerCode).city(city).u16(industryCode).u16(0xFFFF);
    }

    static IssuerId readFrom(Layout in) {
        int issuer = in.u16();
        City city = in.city("issuer ID city");
        int industry = in.u16();
        int tail = in.u16();
        if (tail != 0xFFFF) {
            throw in.error("issuer ID", String.format("must end in FFFF, ends in %04X", tail));
        }
        return new IssuerId(issuer, city, industry);
    }
}
