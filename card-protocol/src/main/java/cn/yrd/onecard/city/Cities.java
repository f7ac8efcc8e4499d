package cn.yrd.onecard.city;

import cn.yrd.onecard.apdu.Bcd;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The 16 cities of the region, read once from {@code cities.tsv}: the one place they are written down. */
public final class Cities {
    private static final Map<String, City> BY_CODE = load();

    private Cities() {
    }

    /** All 16, in code order. */
    public static List<City> all() {
        return List.copyOf(BY_CODE.values());
    }

    public static Optional<City> find(String code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }

    /** The city with {@code code}, or an error that names the code. */
    public static City byCode(String code) {
        City city = BY_CODE.get(code);
        if (city == null) {
            throw new UnknownCityException(code);
        }
        return city;
    }

    /** The city of 2 BCD bytes at {@code offset}. */
    public static City fromBcd(byte[] bytes, int offset) {
        String code;
        try {
            code = Bcd.decode(bytes, offset, 2);
        } catch (IllegalArgumentException e) {
            throw new UnknownCityException(String.format("%02X%02X", bytes[offset], bytes[offset + 1]));
        }
        return byCode(code);
    }

    private static Map<String, City> load() {
        InputStream in = Cities.class.getResourceAsStream("cities.tsv");
        if (in == null) {
            throw new IllegalStateException("cities.tsv is missing from the class path");
        }
        List<City> cities = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                if (f.length != 4) {
                    throw new IllegalStateException("cities.tsv: expected 4 tab-separated fields in: " + line);
                }
                cities.add(new City(f[0], f[1], f[2], f[3]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Collections.sort(cities);
        Map<String, City> byCode = new LinkedHashMap<>();
        for (City c : cities) {
            if (byCode.put(c.code(), c) != null) {
                throw new IllegalStateException("cities.tsv lists city code " + c.code() + " twice");
            }
        }
        return Collections.unmodifiableMap(byCode);
    }
}
