package cn.yrd.onecard.settlement.report;

import cn.yrd.onecard.money.Fen;
import java.util.List;
import org.springframework.web.util.HtmlUtils;

/**
 * The reports' charts as inline SVG, drawn on the server: the pages need no script, and the same markup goes into
 * the downloaded reports. Every label is escaped.
 */
final class Charts {
    private Charts() {
    }

    /** One bar of a bar chart: a label and a signed amount in fen. */
    public record Bar(String label, long fen) {
    }

    /** One point of a line chart: a label and a count. */
    public record Point(String label, long value) {
    }

    /** Net positions: creditors above the axis, debtors below, each bar labelled with its amount. */
    public static String bars(String title, List<Bar> bars) {
        int w = 760;
        int h = 320;
        int top = 30;
        int axis = h / 2;
        long max = Math.max(1, bars.stream().mapToLong(b -> Math.abs(b.fen())).max().orElse(1));
        int slot = (w - 40) / Math.max(1, bars.size());
        StringBuilder svg = open(w, h + 60, title);
        svg.append(line(20, axis + top, w - 20, axis + top, "#444"));
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            int len = (int) Math.round((axis - 10) * (Math.abs(b.fen()) / (double) max));
            int x = 20 + i * slot + slot / 6;
            int y = b.fen() >= 0 ? axis + top - len : axis + top;
            svg.append(String.format("<rect class=\"bar %s\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
                    + "fill=\"%s\"><title>%s %s</title></rect>", b.fen() >= 0 ? "creditor" : "debtor", x, y,
                    slot * 2 / 3, Math.max(len, 1), b.fen() >= 0 ? "#2e7d32" : "#c62828", esc(b.label()),
                    Fen.asYuan(b.fen())));
            svg.append(text(x + slot / 3, h + top + 5, esc(b.label()), "middle", 10, -40));
        }
        return svg.append("</svg>").toString();
    }

    /** Daily volume over time. */
    public static String line(String title, List<Point> points) {
        int w = 760;
        int h = 220;
        int left = 60;
        long max = Math.max(1, points.stream().mapToLong(Point::value).max().orElse(1));
        StringBuilder svg = open(w, h + 50, title);
        svg.append(line(left, h, w - 20, h, "#444")).append(line(left, 20, left, h, "#444"));
        svg.append(text(left - 5, 25, Long.toString(max), "end", 10, 0)).append(text(left - 5, h, "0", "end", 10, 0));
        StringBuilder path = new StringBuilder();
        int step = points.size() > 1 ? (w - 20 - left) / (points.size() - 1) : 0;
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            int x = left + i * step;
            int y = h - (int) Math.round((h - 20) * (p.value() / (double) max));
            path.append(i == 0 ? "M" : " L").append(x).append(',').append(y);
            svg.append(String.format("<circle class=\"point\" cx=\"%d\" cy=\"%d\" r=\"3\" fill=\"#1565c0\">"
                    + "<title>%s: %d</title></circle>", x, y, esc(p.label()), p.value()));
            svg.append(text(x, h + 15, esc(p.label()), "end", 9, -45));
        }
        if (!points.isEmpty()) {
            svg.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"#1565c0\" stroke-width=\"2\"/>");
        }
        return svg.append("</svg>").toString();
    }

    private static StringBuilder open(int w, int h, String title) {
        return new StringBuilder(String.format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\"><title>%s</title>", w, h, w, h, esc(title),
                esc(title)));
    }

    private static String line(int x1, int y1, int x2, int y2, String colour) {
        return String.format("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\"/>", x1, y1, x2, y2, colour);
    }

    private static String text(int x, int y, String s, String anchor, int size, int rotate) {
        return String.format("<text x=\"%d\" y=\"%d\" font-size=\"%d\" text-anchor=\"%s\"%s>%s</text>", x, y, size,
                anchor, rotate == 0 ? "" : " transform=\"rotate(" + rotate + " " + x + " " + y + ")\"", s);
    }

    private static String esc(String s) {
        return HtmlUtils.htmlEscape(s);
    }
}
