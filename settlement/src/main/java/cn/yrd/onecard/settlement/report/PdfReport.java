package cn.yrd.onecard.settlement.report;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.money.Fen;
import cn.yrd.onecard.settlement.day.DayTable;
import cn.yrd.onecard.settlement.intake.PairTotal;
import cn.yrd.onecard.settlement.netting.NetPosition;
import cn.yrd.onecard.settlement.netting.SettlementInstruction;
import cn.yrd.onecard.settlement.reconciliation.ReconciliationTable.FoundBreak;
import cn.yrd.onecard.settlement.suspense.SuspenseItem;
import com.lowagie.text.Document;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.FontFactory;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.pdf.PdfContentByte;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfTemplate;
import com.lowagie.text.pdf.PdfWriter;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * The day's reports as PDF (OpenPDF): the figures of the pages in tables, amounts in yuan exactly as the ledger's
 * fen, and the net positions drawn as a bar chart. Latin text only: city names in English, cards masked.
 */
public final class PdfReport {
    private static final Font TITLE = FontFactory.getFont(FontFactory.HELVETICA_BOLD, 14);
    private static final Font HEAD = FontFactory.getFont(FontFactory.HELVETICA_BOLD, 8);
    private static final Font BODY = FontFactory.getFont(FontFactory.HELVETICA, 8);

    private PdfReport() {
    }

    public static byte[] region(DayFigures.Region r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Document doc = new Document(PageSize.A4, 36, 36, 36, 36);
        PdfWriter writer = PdfWriter.getInstance(doc, out);
        doc.addTitle("Settlement of " + r.date());
        doc.open();
        doc.add(new Paragraph("Yangtze River Delta one card: the region on " + r.date(), TITLE));
        doc.add(new Paragraph("Net positions (yuan); the 16 sum to " + Fen.asYuan(r.positionsSum()), BODY));
        PdfPTable positions = table(new float[] {1, 3, 2, 2, 1.5f, 1.5f, 2}, "city", "", "receivable", "payable",
                "fees in", "fees out", "net");
        for (NetPosition p : r.positions()) {
            row(positions, p.city(), Cities.byCode(p.city()).nameEn(), Fen.asYuan(p.receivable()),
                    Fen.asYuan(p.payable()), Fen.asYuan(p.feeIncome()), Fen.asYuan(p.feeExpense()), Fen.asYuan(p.net()));
        }
        doc.add(positions);
        doc.add(barChart(writer, r.positions()));
        doc.add(new Paragraph("Settlement instructions", HEAD));
        PdfPTable instructions = table(new float[] {3, 1, 1.5f, 2}, "reference", "city", "direction", "yuan");
        for (SettlementInstruction i : r.instructions()) {
            row(instructions, i.reference(), i.city(), i.direction().name(), Fen.asYuan(i.amount()));
        }
        doc.add(instructions);
        breaks(doc, r.breaks());
        doc.add(new Paragraph("Suspense items open: " + r.openSuspense(), BODY));
        doc.close();
        return out.toByteArray();
    }

    public static byte[] city(DayFigures.CityDay d) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Document doc = new Document(PageSize.A4, 36, 36, 36, 36);
        PdfWriter.getInstance(doc, out);
        doc.addTitle(d.city().nameEn() + " on " + d.date());
        doc.open();
        doc.add(new Paragraph(d.city().code() + " " + d.city().nameEn() + " on " + d.date(), TITLE));
        NetPosition p = d.position();
        doc.add(new Paragraph("receivable " + Fen.asYuan(p.receivable()) + "   payable " + Fen.asYuan(p.payable())
                + "   interchange earned " + Fen.asYuan(p.feeIncome()) + "   paid " + Fen.asYuan(p.feeExpense())
                + "   net position " + Fen.asYuan(p.net()) + " yuan", BODY));
        PdfPTable totals = table(new float[] {2, 1, 1, 1.5f, 2, 1.5f, 2}, "line", "payer", "payee", "records",
                "gross", "fees", "net");
        for (PairTotal t : d.totals()) {
            row(totals, t.businessLine(), t.payer(), t.payee(), Long.toString(t.count()), Fen.asYuan(t.gross()),
                    Fen.asYuan(t.fees()), Fen.asYuan(t.net()));
        }
        doc.add(totals);
        doc.add(new Paragraph("Suspense", HEAD));
        PdfPTable suspense = table(new float[] {3, 1, 3, 1, 1, 1.5f, 1, 3}, "file", "line", "card", "payer", "payee",
                "yuan", "reason", "status");
        for (SuspenseItem s : d.suspense()) {
            row(suspense, s.dayFile(), Integer.toString(s.lineNo()), s.maskedCard(), s.payerCity(), s.payeeCity(),
                    Fen.asYuan(s.amount()), s.reason(), s.status());
        }
        doc.add(suspense);
        breaks(doc, d.breaks());
        doc.close();
        return out.toByteArray();
    }

    /** A merchant's statement of a day: its payments, their gross, the discount and the net its acquirer pays it. */
    public static byte[] statement(DayTable.Statement s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Document doc = new Document(PageSize.A5, 36, 36, 36, 36);
        PdfWriter.getInstance(doc, out);
        doc.addTitle("Statement of merchant " + s.merchantId() + " on " + s.businessDate());
        doc.open();
        doc.add(new Paragraph("Statement of merchant " + s.merchantId() + " on " + s.businessDate(), TITLE));
        doc.add(new Paragraph(s.name() + ", acquired by " + s.city() + " " + Cities.byCode(s.city()).nameEn(), BODY));
        PdfPTable t = table(new float[] {1.5f, 2, 2, 2}, "payments", "gross", "discount", "net paid");
        row(t, Long.toString(s.payments()), Fen.asYuan(s.gross()), Fen.asYuan(s.discount()), Fen.asYuan(s.net()));
        doc.add(t);
        doc.add(new Paragraph("Paid by transfer " + s.reference() + " to the merchant's settlement account. Amounts "
                + "in yuan.", BODY));
        doc.close();
        return out.toByteArray();
    }

    private static void breaks(Document doc, List<FoundBreak> breaks) {
        doc.add(new Paragraph("Reconciliation breaks" + (breaks.isEmpty() ? ": none recorded" : ""), HEAD));
        if (!breaks.isEmpty()) {
            PdfPTable t = table(new float[] {1.5f, 2, 3, 6}, "source", "kind", "reference", "what to do");
            breaks.forEach(b -> row(t, b.source(), b.kind(), b.reference(), b.action()));
            doc.add(t);
        }
    }

    /** Creditors above the axis in green, debtors below in red, labelled with the city code. */
    private static com.lowagie.text.Image barChart(PdfWriter writer, List<NetPosition> positions) {
        float w = 520;
        float h = 180;
        PdfContentByte cb = writer.getDirectContent();
        PdfTemplate template = cb.createTemplate(w, h);
        Graphics2D g = template.createGraphics(w, h);
        long max = Math.max(1, positions.stream().mapToLong(p -> Math.abs(p.net())).max().orElse(1));
        float axis = h / 2;
        float slot = (w - 20) / Math.max(1, positions.size());
        g.setColor(Color.DARK_GRAY);
        g.setStroke(new BasicStroke(0.5f));
        g.drawLine(10, (int) axis, (int) w - 10, (int) axis);
        g.setFont(new java.awt.Font("SansSerif", java.awt.Font.PLAIN, 7));
        for (int i = 0; i < positions.size(); i++) {
            NetPosition p = positions.get(i);
            int len = (int) Math.round((axis - 20) * Math.abs(p.net()) / (double) max);
            int x = (int) (10 + i * slot + slot / 6);
            g.setColor(p.net() >= 0 ? new Color(0x2e7d32) : new Color(0xc62828));
            g.fillRect(x, p.net() >= 0 ? (int) axis - len : (int) axis, (int) (slot * 2 / 3), Math.max(len, 1));
            g.setColor(Color.BLACK);
            g.drawString(p.city(), x, (int) h - 4);
        }
        g.dispose();
        try {
            com.lowagie.text.Image image = com.lowagie.text.Image.getInstance(template);
            image.setAlignment(Element.ALIGN_CENTER);
            return image;
        } catch (com.lowagie.text.BadElementException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PdfPTable table(float[] widths, String... headings) {
        PdfPTable t = new PdfPTable(widths);
        t.setWidthPercentage(100);
        t.setSpacingBefore(6);
        t.setSpacingAfter(6);
        for (String h : headings) {
            t.addCell(new PdfPCell(new Phrase(h, HEAD)));
        }
        t.setHeaderRows(1);
        return t;
    }

    private static void row(PdfPTable t, String... cells) {
        for (String c : cells) {
            PdfPCell cell = new PdfPCell(new Phrase(c, BODY));
            if (c.matches("-?[0-9]+(\\.[0-9]{2})?")) {
                cell.setHorizontalAlignment(Element.ALIGN_RIGHT);
            }
            t.addCell(cell);
        }
    }
}
