package cn.yrd.onecard.pki;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import java.util.Optional;

/**
 * Who checks a certificate, and so what it trusts: a city trusts its own CA alone and reaches the others through the
 * bridge; the centre (clearing, settlement) trusts the bridge, which certified every city's CA.
 */
public record RelyingParty(Optional<City> city) {
    /** The centre's services: the bridge is their trust anchor. */
    public static final RelyingParty CENTRE = new RelyingParty(Optional.empty());
    /** How the centre is named where a city code could stand ({@code pki verify --as centre}). */
    public static final String CENTRE_NAME = "centre";

    public static RelyingParty of(City city) {
        return new RelyingParty(Optional.of(city));
    }

    /** A city's code, or {@value #CENTRE_NAME}. */
    public static Optional<RelyingParty> named(String name) {
        return CENTRE_NAME.equals(name) ? Optional.of(CENTRE) : Cities.find(name).map(RelyingParty::of);
    }

    @Override
    public String toString() {
        return city.map(City::toString).orElse("the centre");
    }
}
