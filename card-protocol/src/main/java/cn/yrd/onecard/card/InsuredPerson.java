package cn.yrd.onecard.card;

import cn.yrd.onecard.apdu.Bcd;
import cn.yrd.onecard.apdu.Tlv;
import cn.yrd.onecard.privacy.Mask;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

/**
 * EF06 of the social security application: the insured person ({@code 00 B2 <tag> 34 00}). Tags:
 * 08 social security number (18 AN), 09 name (30, GBK, space padded), 0A sex (1 AN: 1 male, 2 female),
 * 0B ethnicity (1 byte, GB 3304 code), 0D birth date (BCD).
 */
public record InsuredPerson(String socialSecurityNumber, String name, char sex, int ethnicity,
        LocalDate birthDate) {

    public static final int SFI = 0x06;
    public static final int TAG_SSN = 0x08;
    public static final int TAG_NAME = 0x09;
    public static final int TAG_SEX = 0x0A;
    public static final int TAG_ETHNICITY = 0x0B;
    public static final int TAG_BIRTH_DATE = 0x0D;
    private static final String FILE = "EF06 (insured person)";

    public InsuredPerson {
        if (socialSecurityNumber.length() != 18) {
            throw new CardFileException(FILE, "social security number must be 18 characters");
        }
        if (sex != '1' && sex != '2') {
            throw new CardFileException(FILE, "sex must be '1' or '2', got '" + sex + "'");
        }
        if (ethnicity < 0 || ethnicity > 0xFF) {
            throw new CardFileException(FILE, "ethnicity must be one byte, got " + ethnicity);
        }
    }

    public List<Tlv> records() {
        byte[] gbk = name.getBytes(HolderInfo.GBK);
        if (gbk.length > 30) {
            throw new CardFileException(FILE, "name takes " + gbk.length + " GBK bytes, more than 30");
        }
        byte[] nameField = Arrays.copyOf(gbk, 30);
        Arrays.fill(nameField, gbk.length, 30, (byte) ' ');
        return List.of(
                Tlv.of(TAG_SSN, socialSecurityNumber.getBytes(StandardCharsets.US_ASCII)),
                Tlv.of(TAG_NAME, nameField),
                Tlv.of(TAG_SEX, new byte[] {(byte) sex}),
                Tlv.of(TAG_ETHNICITY, new byte[] {(byte) ethnicity}),
                Tlv.of(TAG_BIRTH_DATE, Bcd.date(birthDate)));
    }

    public static InsuredPerson fromRecords(List<Tlv> records) {
        TlvRecords r = new TlvRecords(FILE, records);
        return new InsuredPerson(
                r.ascii(TAG_SSN, 18),
                new String(r.field(TAG_NAME, 30), HolderInfo.GBK).stripTrailing(),
                (char) r.field(TAG_SEX, 1)[0],
                r.field(TAG_ETHNICITY, 1)[0] & 0xFF,
                r.date(TAG_BIRTH_DATE));
    }

    @Override
    public String toString() {
        return "InsuredPerson[" + Mask.name(name) + ", SSN " + Mask.idNumber(socialSecurityNumber) + "]";
    }
}
