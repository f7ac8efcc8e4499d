package cn.yrd.onecard.card;

import cn.yrd.onecard.apdu.Bcd;
import cn.yrd.onecard.apdu.Tlv;
import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.privacy.Mask;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;

/**
 * EF05 of the social security application: the card's identity, read without a PIN as TLV records
 * ({@code 00 B2 <tag> 2C 00}). Tags: 01 card identification code (32 AN: region(6) ‖ {@code D156000005} ‖
 * 16 hex), 05 issue date (BCD), 06 expiry date (BCD), 07 card number (9 AN).
 */
public record SocialSecurityCard(String identificationCode, LocalDate issueDate, LocalDate expiryDate,
        String cardNumber) {

    public static final int SFI = 0x05;
    public static final int TAG_IDENTIFICATION = 0x01;
    public static final int TAG_ISSUE_DATE = 0x05;
    public static final int TAG_EXPIRY_DATE = 0x06;
    public static final int TAG_CARD_NUMBER = 0x07;
    /**
     * The social security application's own secure messaging (RELOAD PIN): the 3DES profile, whatever its card's
     * purse uses, so that a home city's host needs to know no more of a card than its identification code.
     */
    public static final cn.yrd.onecard.crypto.CardAlgorithm SECURE_MESSAGING =
            cn.yrd.onecard.crypto.CardAlgorithm.TRIPLE_DES;
    private static final String FILE = "EF05 (social security card)";

    public SocialSecurityCard {
        if (identificationCode.length() != 32 || !identificationCode.substring(6, 16).equals("D156000005")) {
            throw new CardFileException(FILE, "identification code must be 32 characters with D156000005 at 7..16");
        }
        if (cardNumber.length() != 9) {
            throw new CardFileException(FILE, "card number must be 9 characters, got " + cardNumber.length());
        }
    }

    /** The insured person's home city (参保地): the first four digits of the identification code's region. */
    public City homeCity() {
        try {
            return Cities.byCode(identificationCode.substring(0, 4));
        } catch (IllegalArgumentException e) {
            throw new CardFileException(FILE, "identification code region: " + e.getMessage());
        }
    }

    /**
     * What the social security application's own keys are diversified by: the last 8 bytes of the identification
     * code (its 16 hex digits after {@code D156000005}).
     */
    public byte[] keyInput() {
        return keyInput(identificationCode);
    }

    /** {@link #keyInput()} of the card whose identification code is {@code identificationCode}. */
    public static byte[] keyInput(String identificationCode) {
        if (identificationCode == null || identificationCode.length() != 32) {
            throw new CardFileException(FILE, "identification code must be 32 characters");
        }
        String serial = identificationCode.substring(16);
        try {
            return org.apache.commons.codec.binary.Hex.decodeHex(serial);
        } catch (org.apache.commons.codec.DecoderException e) {
            throw new CardFileException(FILE, "identification code's last 16 characters are not hex");
        }
    }

    /** The records in tag order, each as the TLV a READ RECORD answers. */
    public List<Tlv> records() {
        return List.of(
                Tlv.of(TAG_IDENTIFICATION, identificationCode.getBytes(StandardCharsets.US_ASCII)),
                Tlv.of(TAG_ISSUE_DATE, Bcd.date(issueDate)),
                Tlv.of(TAG_EXPIRY_DATE, Bcd.date(expiryDate)),
                Tlv.of(TAG_CARD_NUMBER, cardNumber.getBytes(StandardCharsets.US_ASCII)));
    }

    public static SocialSecurityCard fromRecords(List<Tlv> records) {
        TlvRecords r = new TlvRecords(FILE, records);
        return new SocialSecurityCard(
                r.ascii(TAG_IDENTIFICATION, 32),
                r.date(TAG_ISSUE_DATE),
                r.date(TAG_EXPIRY_DATE),
                r.ascii(TAG_CARD_NUMBER, 9));
    }

    @Override
    public String toString() {
        return "SocialSecurityCard[" + homeCity() + ", card " + Mask.serial(cardNumber) + ", valid to " + expiryDate
                + "]";
    }
}
