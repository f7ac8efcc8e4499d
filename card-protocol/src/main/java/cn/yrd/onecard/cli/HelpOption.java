package cn.yrd.onecard.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code -h, --help}: every command's generated help (its options and their defaults), mixed in with {@code @Mixin}
 * by a top command; its subcommands inherit it.
 */
public final class HelpOption {
    @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT, description = "this help")
    boolean help;
}
