package cn.yrd.onecard.terminal.fare;

import cn.yrd.onecard.card.CardType;
import cn.yrd.onecard.card.MetroState;
import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fare rules of the cities a terminal serves, read from a fare table (JSON, docs/fares.md), and the
 * pricing of a tap. The order is fixed and documented: the base fare (bus line or metro zones), the card
 * type's share (rounded down to the fen), the monthly metro volume discount (rounded down), then the
 * transfer discount (never below zero).
 */
public final class FareTable {
    public static final String BUS_FLAT = "BUS_FLAT";
    public static final String METRO_ENTRY = "METRO_ENTRY";
    public static final String METRO_ZONE = "METRO_ZONE";
    public static final String METRO_INCOMPLETE = "METRO_INCOMPLETE";
    public static final String METRO_NO_ENTRY = "METRO_NO_ENTRY";

    private final Map<City, CityFares> cities;

    private FareTable(Map<City, CityFares> cities) {
        this.cities = Map.copyOf(cities);
    }

    public static FareTable read(Path file) throws IOException {
        return parse(Files.readString(file), String.valueOf(file.getFileName()));
    }

    public static FareTable parse(String json, String name) {
        JsonNode root;
        try {
            root = JsonMapper.shared().readTree(json);
        } catch (JacksonException e) {
            throw new FareException(name + ": not valid JSON: " + e.getOriginalMessage());
        }
        if (root.path("version").asInt(0) != 1) {
            throw new FareException(name + ": version must be 1");
        }
        JsonNode cityNodes = root.path("cities");
        if (!cityNodes.isObject() || cityNodes.isEmpty()) {
            throw new FareException(name + ": cities must be an object with at least one city");
        }
        Map<City, CityFares> cities = new HashMap<>();
        for (String code : cityNodes.propertyNames()) {
            City city = Cities.find(code).orElseThrow(() -> new FareException(
                    name + ": cities." + code + ": not one of the 16 city codes"));
            cities.put(city, city(name + ": cities." + code, cityNodes.get(code)));
        }
        return new FareTable(cities);
    }

    private static CityFares city(String where, JsonNode n) {
        JsonNode bus = n.path("bus");
        Map<Integer, Long> lines = new HashMap<>();
        bus.path("lines").propertyStream().forEach(e -> lines.put(number(where + ".bus.lines", e.getKey()),
                amount(where + ".bus.lines." + e.getKey(), e.getValue())));
        JsonNode metro = n.path("metro");
        Map<Integer, Integer> zones = new HashMap<>();
        metro.path("zones").propertyStream().forEach(e -> zones.put(number(where + ".metro.zones", e.getKey()),
                (int) amount(where + ".metro.zones." + e.getKey(), e.getValue())));
        List<Long> zoneFares = new ArrayList<>();
        for (JsonNode f : metro.path("fareByZonesCrossed")) {
            zoneFares.add(amount(where + ".metro.fareByZonesCrossed", f));
        }
        if (!zones.isEmpty() && zoneFares.isEmpty()) {
            throw new FareException(where + ".metro.fareByZonesCrossed: needed when stations have zones");
        }
        Map<CardType, Integer> payable = new EnumMap<>(CardType.class);
        n.path("discounts").propertyStream().forEach(e -> {
            CardType type;
            try {
                type = CardType.valueOf(e.getKey().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException x) {
                throw new FareException(where + ".discounts." + e.getKey() + ": not a card type (senior, student, "
                        + "disabled, normal)");
            }
            long pct = amount(where + ".discounts." + e.getKey(), e.getValue());
            if (pct > 100) {
                throw new FareException(where + ".discounts." + e.getKey() + ": a percentage payable, 0..100");
            }
            payable.put(type, (int) pct);
        });
        JsonNode transfer = n.path("transfer");
        JsonNode volume = n.path("monthlyVolume");
        long maxFare = metro.has("maxFare") ? amount(where + ".metro.maxFare", metro.get("maxFare"))
                : zoneFares.stream().mapToLong(Long::longValue).max().orElse(0);
        return new CityFares(bus.has("default") ? amount(where + ".bus.default", bus.get("default")) : 0, lines, zones,
                zoneFares, maxFare, payable, (int) optional(where + ".transfer.windowMinutes", transfer, "windowMinutes"),
                optional(where + ".transfer.discount", transfer, "discount"),
                optional(where + ".monthlyVolume.threshold", volume, "threshold"),
                (int) optional(where + ".monthlyVolume.percentOff", volume, "percentOff"));
    }

    private static long optional(String where, JsonNode parent, String field) {
        return parent.has(field) ? amount(where, parent.get(field)) : 0;
    }

    private static long amount(String where, JsonNode v) {
        if (v == null || !v.isIntegralNumber() || v.longValue() < 0 || v.longValue() > 0xFFFFFFFFL) {
            throw new FareException(where + ": must be a whole number of fen (or minutes, percent) >= 0");
        }
        return v.longValue();
    }

    private static int number(String where, String key) {
        try {
            return Integer.parseInt(key);
        } catch (NumberFormatException e) {
            throw new FareException(where + ": '" + key + "' is not a line or station number");
        }
    }

    public boolean serves(City city) {
        return cities.containsKey(city);
    }

    /**
     * Prices {@code ride} for a card of {@code type} whose 0x1A record is {@code state}; the quote carries
     * the record the card must hold afterwards.
     */
    public FareQuote price(Ride ride, CardType type, MetroState state) {
        CityFares f = cities.get(ride.city());
        if (f == null) {
            throw new FareException("no fares for " + ride.city() + " in the fare table");
        }
        return switch (ride.kind()) {
            case BUS -> bus(f, ride, type, state);
            case METRO_ENTRY -> entry(f, ride, state);
            case METRO_EXIT -> exit(f, ride, type, state);
        };
    }

    private FareQuote bus(CityFares f, Ride ride, CardType type, MetroState s) {
        long base = f.busLines().getOrDefault(ride.line(), f.busDefault());
        if (base == 0 && !f.busLines().containsKey(ride.line())) {
            throw new FareException("no bus fare for line " + ride.line() + " in " + ride.city());
        }
        long fare = transfer(f, ride, s, ride.time(), share(base, f.payable(type)));
        return new FareQuote(fare, BUS_FLAT, charged(s, ride, fare, false));
    }

    /** An entry is free; an entry over an unfinished journey first pays that journey's maximum fare. */
    private FareQuote entry(CityFares f, Ride ride, MetroState s) {
        long incomplete = 0;
        String rule = METRO_ENTRY;
        if (s.journey() == MetroState.Journey.ENTERED) {
            CityFares where = cities.getOrDefault(s.entryCity(), f);
            incomplete = where.metroMaxFare();
            rule = METRO_INCOMPLETE;
        }
        zone(f, ride);
        MetroState base = incomplete > 0 ? charged(s, ride, incomplete, true) : s;
        MetroState next = new MetroState(MetroState.Journey.ENTERED, false, ride.city(), ride.line(), ride.station(),
                s.entryDevice(), ride.time(), base.lastExitAmount(), 0, null, base.lastRideIndustry(),
                base.lastRideTime(), base.lastRideCity(), base.volumeMonth(), base.volumeMonthSpent());
        return new FareQuote(incomplete, rule, next);
    }

    private FareQuote exit(CityFares f, Ride ride, CardType type, MetroState s) {
        int exitZone = zone(f, ride);
        boolean validEntry = s.journey() == MetroState.Journey.ENTERED && ride.city().equals(s.entryCity());
        long base;
        String rule;
        if (validEntry) {
            int crossed = Math.abs(exitZone - zone(f, new Ride(Ride.Kind.METRO_ENTRY, ride.city(), s.entryLine(),
                    s.entryStation(), s.entryTime())));
            base = f.zoneFares().get(Math.min(crossed, f.zoneFares().size() - 1));
            rule = METRO_ZONE;
        } else {
            base = f.metroMaxFare();
            rule = METRO_NO_ENTRY;
        }
        long fare = share(base, f.payable(type));
        YearMonth month = YearMonth.from(ride.time());
        long spent = month.equals(s.volumeMonth()) ? s.volumeMonthSpent() : 0;
        if (f.volumeThreshold() > 0 && spent >= f.volumeThreshold()) {
            fare = fare * (100 - f.volumePercentOff()) / 100;
        }
        fare = transfer(f, ride, s, validEntry ? s.entryTime() : ride.time(), fare);
        MetroState after = charged(s, ride, fare, true);
        MetroState next = new MetroState(MetroState.Journey.EXITED, false, s.entryCity(), s.entryLine(),
                s.entryStation(), s.entryDevice(), s.entryTime(), fare, ride.station(), ride.time(),
                after.lastRideIndustry(), validEntry ? s.entryTime() : ride.time(), after.lastRideCity(),
                after.volumeMonth(), after.volumeMonthSpent());
        return new FareQuote(fare, rule, next);
    }

    private static int zone(CityFares f, Ride ride) {
        Integer z = f.metroZones().get(ride.station());
        if (z == null) {
            throw new FareException("station " + ride.station() + " of " + ride.city() + " has no zone in the fare table");
        }
        return z;
    }

    /** The card type's share, rounded down to the fen. */
    private static long share(long fare, int payablePercent) {
        return fare * payablePercent / 100;
    }

    /** A ride that starts within the window after a charged ride on the other mode, in the same city, gets the discount. */
    private static long transfer(CityFares f, Ride ride, MetroState s, java.time.LocalDateTime start, long fare) {
        if (f.transferDiscount() == 0 || s.lastRideTime() == null || s.lastRideIndustry() == null
                || s.lastRideIndustry() == ride.kind().industry() || !ride.city().equals(s.lastRideCity())) {
            return fare;
        }
        Duration since = Duration.between(s.lastRideTime(), start);
        if (since.isNegative() || since.toMinutes() >= f.transferWindowMinutes()) {
            return fare;
        }
        return Math.max(0, fare - f.transferDiscount());
    }

    /** {@code s} after a charged ride: the transfer memory and, for the metro, the month's volume. */
    private static MetroState charged(MetroState s, Ride ride, long fare, boolean metro) {
        YearMonth month = YearMonth.from(ride.time());
        long spent = month.equals(s.volumeMonth()) ? s.volumeMonthSpent() : 0;
        return new MetroState(s.journey(), false, s.entryCity(), s.entryLine(), s.entryStation(), s.entryDevice(),
                s.entryTime(), s.lastExitAmount(), s.exitStation(), s.exitTime(), ride.kind().industry(), ride.time(),
                ride.city(), metro ? month : s.volumeMonth(), metro ? spent + fare : s.volumeMonthSpent());
    }
}
