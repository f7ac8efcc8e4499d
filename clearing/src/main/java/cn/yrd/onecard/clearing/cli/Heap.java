package cn.yrd.onecard.clearing.cli;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How this JVM took its heap, for the lines of JVMs that clear night after night (a worker's start line, the clearing
 * bench). A heap taken whole and touched as the JVM starts ({@code -XX:+AlwaysPreTouch}, which {@code ./onecard} gives
 * {@code clear worker} and {@code bench clearing}) costs the nights nothing while it suffices; one left to grow takes
 * its pages from the kernel a fault at a time inside the nights, until it stops growing: at a million records, 90,000
 * faults and 1.9 s of kernel time in a worker's first measured load step, 30,000 in its second (docs/scale.md).
 */
public final class Heap {
    /** The options that size a heap or touch it at start. */
    private static final Pattern OPTION = Pattern.compile(
            "-Xm[sx].*|-XX:[+-]AlwaysPreTouch|-XX:(Initial|Max|Min)RAMPercentage=.*|-XX:(Initial|Max)HeapSize=.*");

    private Heap() {
    }

    /** {@code heap 1,932 MB touched at start}, or the heap it starts with and that it is left to grow. */
    public static String described() {
        long mb = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getInit() >> 20;
        boolean touched = Boolean.parseBoolean(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                .getVMOption("AlwaysPreTouch").getValue());
        return touched ? String.format("heap %,d MB touched at start", mb)
                : String.format("heap %,d MB at start and left to grow (its first nights take pages from the kernel: "
                        + "-XX:+AlwaysPreTouch, docs/scale.md)", mb);
    }

    /** The options this JVM was started with that size its heap or touch it, in their order: for JVMs it starts. */
    public static List<String> options() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(o -> OPTION.matcher(o).matches()).toList();
    }
}
