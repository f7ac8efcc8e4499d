package cn.yrd.onecard.cli;

import picocli.CommandLine.Option;

/** {@code -h, --help}: every command's generated help (its options and their defaults), mixed in with {@code @Mixin}. */
public final class HelpOption {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
    boolean help;
}
