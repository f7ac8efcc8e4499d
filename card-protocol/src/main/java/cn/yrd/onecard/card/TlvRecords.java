package cn.yrd.onecard.card;

import cn.yrd.onecard.apdu.Bcd;
import cn.yrd.onecard.apdu.Tlv;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The TLV records of one social security file, looked up by tag with errors that name file and tag. */
final class TlvRecords {
    private final String file;
    private final Map<Integer, byte[]> byTag = new HashMap<>();

    TlvRecords(String file, List<Tlv> records) {
        this.file = file;
        for (Tlv t : records) {
            byTag.put(t.tag(), t.value());
        }
    }

    byte[] field(int tag, int length) {
        byte[] v = byTag.get(tag);
        if (v == null) {
            throw new CardFileException(file, String.format("record %02X is missing", tag));
        }
        if (v.length != length) {
            throw new CardFileException(file, String.format("record %02X must be %d bytes, got %d", tag, length,
                    v.length));
        }
        return v;
    }

    String ascii(int tag, int length) {
        return new String(field(tag, length), StandardCharsets.US_ASCII);
    }

    LocalDate date(int tag) {
        try {
            return Bcd.toDate(field(tag, 4), 0);
        } catch (CardFileException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new CardFileException(file, String.format("record %02X: %s", tag, e.getMessage()));
        }
    }
}
