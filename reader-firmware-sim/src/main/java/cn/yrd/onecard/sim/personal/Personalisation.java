package cn.yrd.onecard.sim.personal;

import cn.yrd.onecard.card.CardSerial;
import cn.yrd.onecard.card.CardType;
import cn.yrd.onecard.card.HolderInfo;
import cn.yrd.onecard.card.InsuredPerson;
import cn.yrd.onecard.card.SocialSecurityCard;
import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.crypto.CardAlgorithm;
import cn.yrd.onecard.crypto.CityKeyStore;
import cn.yrd.onecard.crypto.KeyPurpose;
import cn.yrd.onecard.sim.card.CardSpec;
import cn.yrd.onecard.sim.card.PsamSpec;
import cn.yrd.onecard.sim.card.PurseKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.codec.DecoderException;
import org.apache.commons.codec.binary.Hex;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Cards and PSAMs to issue, read from a personalisation file (JSON, documented in docs/personalisation.md)
 * with the city master keys from a PKCS#12 keystore. Card keys are diversified from the masters named by
 * keystore alias, or given explicitly for test vectors.
 */
public record Personalisation(List<CardSpec> cards, List<PsamSpec> psams) {
    static final LocalDate DEFAULT_VALID_FROM = LocalDate.of(2024, 1, 1);

    public Personalisation {
        cards = List.copyOf(cards);
        psams = List.copyOf(psams);
    }

    /** Reads {@code file}; every problem is a {@link PersonalisationException} naming the field. */
    public static Personalisation read(Path file, CityKeyStore keys) throws IOException {
        String name = String.valueOf(file.getFileName());
        JsonNode root;
        try {
            root = JsonMapper.shared().readTree(Files.readString(file));
        } catch (JacksonException e) {
            throw new PersonalisationException(name, "", "not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ")"));
        }
        JsonFields top = new JsonFields(name, "", root);
        long version = top.number("version", 1, 1);
        List<CardSpec> cards = new ArrayList<>();
        for (JsonFields card : top.objects("cards")) {
            cards.add(card(card, keys));
        }
        List<PsamSpec> psams = new ArrayList<>();
        for (JsonFields psam : top.objects("psams")) {
            psams.add(psam(psam, keys));
        }
        top.done();
        if (version != 1) {
            throw top.error("version", "unsupported");
        }
        return new Personalisation(cards, psams);
    }

    private static CardSpec card(JsonFields f, CityKeyStore keystore) {
        City city = city(f, "city");
        String serialDigits = f.text("serial");
        CardSerial serial;
        try {
            serial = CardSerial.of(serialDigits);
        } catch (IllegalArgumentException e) {
            throw f.error("serial", "must be 16 decimal digits");
        }
        CardType type = enumValue(f, "cardType", CardType.class, CardType.NORMAL);
        long balance = f.number("balance", 0, 0xFFFFFFFFL);
        LocalDate from = f.optionalDate("validFrom", DEFAULT_VALID_FROM);
        LocalDate to = f.optionalDate("validTo", from.plusYears(10).minusDays(1));
        if (to.isBefore(from)) {
            throw f.error("validTo", "is before validFrom");
        }
        String alg = f.optionalText("algorithm", "3des").toLowerCase(Locale.ROOT);
        CardAlgorithm algorithm = switch (alg) {
            case "3des" -> CardAlgorithm.TRIPLE_DES;
            case "sm4" -> CardAlgorithm.SM4;
            default -> throw f.error("algorithm", "must be 3des or sm4, got '" + alg + "'");
        };
        int keyVersion = (int) f.optionalNumber("keyVersion", 1, 0, 255);
        HolderInfo holder = holder(f.object("holder"), type);
        JsonFields keyFields = f.object("keys");
        if (keystore == null && (keyFields == null || !keyFields.has("cardKeys"))) {
            throw f.error("keys", "card keys are diversified from the cities' master keys: give a keystore "
                    + "(--keystore FILE) or explicit keys.cardKeys");
        }
        PurseKeys purseKeys = keys(keyFields, keystore, city, serial, algorithm, keyVersion);
        CardSpec.Citizen citizen = citizen(f.object("citizen"), keystore);
        f.done();
        return new CardSpec(city, type, city.code() + serial.digits(), from, to, holder, balance, purseKeys, citizen);
    }

    private static HolderInfo holder(JsonFields f, CardType type) {
        if (f == null) {
            return null;
        }
        HolderInfo h;
        try {
            h = new HolderInfo(type, f.optionalBool("staff", false), f.optionalText("name", ""),
                    f.optionalText("idNumber", ""), (int) f.optionalNumber("idType", 0, 0, 255));
            h.encode();
        } catch (IllegalArgumentException e) {
            throw f.error("", e.getMessage());
        }
        f.done();
        return h;
    }

    /**
     * The card's keys: from {@code cardKeys} (explicit, hex), else diversified from the masters named in
     * {@code masterKeyAliases}, else from the keystore's standard aliases ({@code purchase-3205}, …).
     */
    private static PurseKeys keys(JsonFields f, CityKeyStore keystore, City city, CardSerial serial,
            CardAlgorithm algorithm, int keyVersion) {
        Map<KeyPurpose, byte[]> keys = new EnumMap<>(KeyPurpose.class);
        if (f != null && f.has("cardKeys")) {
            JsonFields explicit = f.object("cardKeys");
            for (KeyPurpose p : PurseKeys.PURPOSES) {
                keys.put(p, hexKey(explicit, p.name().toLowerCase(Locale.ROOT)));
            }
            explicit.done();
            f.done();
            return new PurseKeys(algorithm, keyVersion, keys.get(KeyPurpose.PURCHASE), keys.get(KeyPurpose.LOAD),
                    keys.get(KeyPurpose.TAC), keys.get(KeyPurpose.MAINTENANCE));
        }
        JsonFields aliases = f == null ? null : f.object("masterKeyAliases");
        for (KeyPurpose p : PurseKeys.PURPOSES) {
            String alias = aliases == null ? p.alias(city)
                    : aliases.optionalText(p.name().toLowerCase(Locale.ROOT), p.alias(city));
            keys.put(p, keystore.keyByAlias(alias));
        }
        if (aliases != null) {
            aliases.done();
        }
        if (f != null) {
            f.done();
        }
        return PurseKeys.diversified(algorithm, keyVersion, serial, keys.get(KeyPurpose.PURCHASE),
                keys.get(KeyPurpose.LOAD), keys.get(KeyPurpose.TAC), keys.get(KeyPurpose.MAINTENANCE));
    }

    /**
     * The citizen side: its PIN-reload key diversified from its home city's master in {@code keystore}; none (a PIN
     * no one can reload) without a keystore, or with one that holds no such master (made before there was one).
     */
    private static CardSpec.Citizen citizen(JsonFields f, CityKeyStore keystore) {
        if (f == null) {
            return null;
        }
        CardSpec.Citizen c;
        try {
            String sex = f.text("sex");
            c = new CardSpec.Citizen(
                    new SocialSecurityCard(f.text("identificationCode"), f.optionalDate("issueDate", DEFAULT_VALID_FROM),
                            f.optionalDate("expiryDate", DEFAULT_VALID_FROM.plusYears(10)), f.text("cardNumber")),
                    new InsuredPerson(f.text("socialSecurityNumber"), f.text("name"), sex.isEmpty() ? ' ' : sex.charAt(0),
                            (int) f.optionalNumber("ethnicity", 1, 0, 255),
                            f.optionalDate("birthDate", LocalDate.of(1960, 1, 1))),
                    f.text("pin"));
            c.card().homeCity();
            byte[] master = null;
            if (keystore != null) {
                try {
                    master = keystore.key(KeyPurpose.PIN_RELOAD, c.card().homeCity());
                } catch (IllegalArgumentException e) {
                    master = null;
                }
            }
            if (master != null) {
                c = CardSpec.Citizen.personalised(c.card(), c.person(), c.pin(), master);
            }
        } catch (PersonalisationException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw f.error("", e.getMessage());
        }
        f.done();
        return c;
    }

    private static PsamSpec psam(JsonFields f, CityKeyStore keystore) {
        String terminal = f.text("terminalNo");
        long ttc = f.optionalNumber("ttc", 0, 0, 0xFFFFFFFFL);
        f.done();
        if (!terminal.matches("[0-9A-F]{12}")) {
            throw f.error("terminalNo", "must be 12 upper-case hex digits");
        }
        if (keystore == null) {
            throw f.error("", "a PSAM holds the cities' purchase master keys: give a keystore (--keystore FILE)");
        }
        return new PsamSpec(terminal, ttc, keystore.keys(KeyPurpose.PURCHASE), keystore.keys(KeyPurpose.MAINTENANCE));
    }

    private static City city(JsonFields f, String field) {
        String code = f.text(field);
        return Cities.find(code).orElseThrow(() -> f.error(field, "'" + code + "' is not one of the 16 city codes"));
    }

    private static <E extends Enum<E>> E enumValue(JsonFields f, String field, Class<E> type, E fallback) {
        String v = f.optionalText(field, null);
        if (v == null) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw f.error(field, "'" + v + "' is not one of " + java.util.Arrays.toString(type.getEnumConstants())
                    .toLowerCase(Locale.ROOT));
        }
    }

    private static byte[] hexKey(JsonFields f, String field) {
        String v = f.text(field);
        try {
            byte[] k = Hex.decodeHex(v);
            if (k.length == 16) {
                return k;
            }
        } catch (DecoderException e) {
            // reported below
        }
        // Never echo a key: only what is wrong with it.
        throw f.error(field, "must be 32 hex digits (a 16-byte key)");
    }
}
