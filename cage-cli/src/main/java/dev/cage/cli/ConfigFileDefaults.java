package dev.cage.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * Takes a command's option defaults from the Java properties file named by its {@code --config} option, keyed by
 * the options' long names without dashes ({@code data-ports=8}). Picocli asks a default provider only for the
 * options not given on the command line, after parsing them — so {@code --config} is already known, and options
 * given on the command line win. The file's values go through the same converters as typed ones; relative paths
 * are taken from the file's directory. An unknown key is an error, so a typo cannot silently do nothing.
 */
final class ConfigFileDefaults implements IDefaultValueProvider {
    static final String OPTION = "--config";

    private Path loadedFrom;
    private Properties loaded;

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option) || !configurable(option)) {
            return null;
        }
        OptionSpec configOption = arg.command().findOption(OPTION);
        Path file = configOption == null ? null : configOption.getValue();
        if (file == null) {
            return null;
        }
        String value = load(file, arg.command()).getProperty(key(option));
        if (value == null) {
            return null;
        }
        value = value.strip();
        if (option.type() == Path.class) {
            Path dir = file.toAbsolutePath().getParent();
            return dir.resolve(value).toString();
        }
        return value;
    }

    private Properties load(Path file, CommandSpec command) {
        if (file.equals(loadedFrom)) {
            return loaded;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), "cannot read config file " + file + ": "
                + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()));
        }
        Set<String> known = new TreeSet<>();
        for (OptionSpec o : command.options()) {
            if (configurable(o)) {
                known.add(key(o));
            }
        }
        for (String k : p.stringPropertyNames()) {
            if (!known.contains(k)) {
                throw new ParameterException(command.commandLine(), "config file " + file + ": unknown key '" + k
                    + "'; known keys: " + String.join(", ", known));
            }
        }
        loadedFrom = file;
        loaded = p;
        return p;
    }

    /** Options a file may set: not help, version, inherited ones (like --verbose), or --config itself. */
    private static boolean configurable(OptionSpec o) {
        return !o.usageHelp() && !o.versionHelp() && !o.inherited() && !o.longestName().equals(OPTION);
    }

    private static String key(OptionSpec o) {
        return o.longestName().replaceFirst("^-+", "");
    }
}
