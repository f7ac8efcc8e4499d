package cn.yrd.onecard.terminal.medical;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.dayfile.ControlledFrame;
import cn.yrd.onecard.dayfile.DayFileFormatException;
import cn.yrd.onecard.money.Fen;
import cn.yrd.onecard.record.MedicalCare;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A home city's medical-insurance reimbursement policy for one year, as data (docs/formats.md, "Medical policy"): the
 * deductible an insured person meets first each year, the share of the rest the pooled fund pays by hospital level
 * and by inpatient or outpatient care, and the most the fund pays a person in the year. The bureau publishes it; the
 * home city's host computes every claim of its insured from it, wherever they are treated ({@link Reimbursement}).
 *
 * @param deductible fen a person pays each year before the pooled fund pays anything (起付线)
 * @param annualCap the most, in fen, the pooled fund pays one person in the year (封顶线)
 * @param ratios the fund's share above the deductible, in basis points, for each level and kind of care
 */
public record MedicalPolicy(City city, int year, long deductible, long annualCap, Map<MedicalCare, Integer> ratios) {
    private static final String HEADER = "H|MEDICAL_POLICY|1|";

    public MedicalPolicy {
        if (deductible < 0 || annualCap <= 0 || deductible > 0xFFFFFFFFL || annualCap > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("a deductible is 0 or more and a cap more than 0, both at most "
                    + Fen.asYuan(0xFFFFFFFFL) + " yuan");
        }
        Map<MedicalCare, Integer> all = new HashMap<>();
        for (MedicalCare.Level level : MedicalCare.Level.values()) {
            for (MedicalCare.Kind kind : MedicalCare.Kind.values()) {
                Integer bp = ratios.get(new MedicalCare(level, kind));
                if (bp == null || bp < 0 || bp > 10_000) {
                    throw new IllegalArgumentException("the fund's share for level " + level + " " + kind
                            + " must be 0 to 10000 basis points, got " + bp);
                }
                all.put(new MedicalCare(level, kind), bp);
            }
        }
        ratios = Map.copyOf(all);
    }

    /** The same policy for {@code other} year (a city that keeps its rules another year). */
    public MedicalPolicy withYear(int other) {
        return new MedicalPolicy(city, other, deductible, annualCap, ratios);
    }

    /** The fund's share above the deductible for {@code care}, in basis points. */
    public int ratio(MedicalCare care) {
        return ratios.get(care);
    }

    /** The policy's file: header, {@code P|deductible|cap}, one {@code R|level|kind|bp} a cell; the one place. */
    public void write(Path file) throws IOException {
        ControlledFrame.Writer out = new ControlledFrame.Writer(file, ControlledFrame.Trailer.COUNT_SHA256,
                HEADER + city.code() + "|" + year);
        try {
            out.line("P|" + deductible + "|" + annualCap, 0);
            for (MedicalCare.Level level : MedicalCare.Level.values()) {
                for (MedicalCare.Kind kind : MedicalCare.Kind.values()) {
                    out.line("R|" + level + "|" + kind + "|" + ratio(new MedicalCare(level, kind)), 0);
                }
            }
            out.close();
        } finally {
            out.abandon();
        }
    }

    /** Reads a policy file, or throws one line naming the file, the line and what is wrong. */
    public static MedicalPolicy read(Path file) throws IOException {
        Object[] head = new Object[2];
        long[] amounts = {-1, -1};
        Map<MedicalCare, Integer> ratios = new HashMap<>();
        try {
            ControlledFrame.read(file, new ControlledFrame.Format() {
                @Override
                public void header(ControlledFrame.Line line) throws DayFileFormatException {
                    String[] f = line.text().startsWith(HEADER) ? line.text().substring(HEADER.length()).split("\\|")
                            : new String[0];
                    if (f.length != 2 || Cities.find(f[0]).isEmpty() || !f[1].matches("20[0-9]{2}")) {
                        throw line.error(null, "header must be " + HEADER + "<city code>|<year>");
                    }
                    head[0] = Cities.byCode(f[0]);
                    head[1] = Integer.parseInt(f[1]);
                }

                @Override
                public long body(ControlledFrame.Line line) throws DayFileFormatException {
                    String[] f = line.fields();
                    if (f[0].equals("P") && f.length == 3 && amounts[0] < 0) {
                        amounts[0] = fen(line, "deductible", f[1]);
                        amounts[1] = fen(line, "annual_cap", f[2]);
                    } else if (f[0].equals("R") && f.length == 4) {
                        MedicalCare care;
                        try {
                            care = new MedicalCare(MedicalCare.Level.valueOf(f[1]), MedicalCare.Kind.valueOf(f[2]));
                        } catch (IllegalArgumentException e) {
                            throw line.error(null, "a ratio is R|ONE, TWO or THREE|INPATIENT or OUTPATIENT|bp");
                        }
                        if (ratios.put(care, (int) fen(line, "ratio_bp", f[3])) != null) {
                            throw line.error(null, "the ratio of " + f[1] + " " + f[2] + " is given twice");
                        }
                    } else {
                        throw line.error(null, "a policy is one P|deductible|annual_cap line, then R|level|kind|bp");
                    }
                    return 0;
                }
            });
            if (amounts[0] < 0) {
                throw new IOException(file + ": no P|deductible|annual_cap line");
            }
            return new MedicalPolicy((City) head[0], (Integer) head[1], amounts[0], amounts[1], ratios);
        } catch (DayFileFormatException e) {
            throw new IOException(e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    private static long fen(ControlledFrame.Line line, String field, String value) throws DayFileFormatException {
        if (!value.matches("[0-9]{1,10}")) {
            throw line.error(field, "'" + value + "' is not a whole number");
        }
        return Long.parseLong(value);
    }
}
