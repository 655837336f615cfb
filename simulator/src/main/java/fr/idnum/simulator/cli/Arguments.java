package fr.idnum.simulator.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code --name value} options around one command word; anything malformed is a {@link UsageError}. */
final class Arguments {

    /** The command line is wrong: print the usage, exit 2. */
    static final class UsageError extends Exception {
        UsageError(String message) {
            super(message);
        }
    }

    private final Map<String, String> options;
    private final String command;

    private Arguments(Map<String, String> options, String command) {
        this.options = options;
        this.command = command;
    }

    static Arguments parse(String[] args) throws UsageError {
        Map<String, String> options = new HashMap<>();
        List<String> words = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("--")) {
                String name = arg.substring(2);
                if (name.isEmpty() || i + 1 >= args.length || args[i + 1].startsWith("--")) {
                    throw new UsageError("Option " + arg + " needs a value");
                }
                if (options.put(name, args[++i]) != null) {
                    throw new UsageError("Option " + arg + " is given twice");
                }
            } else {
                words.add(arg);
            }
        }
        if (words.size() != 1) {
            throw new UsageError(words.isEmpty() ? "No command given" : "One command at a time: " + words);
        }
        return new Arguments(options, words.get(0));
    }

    String command() {
        return command;
    }

    String required(String name) throws UsageError {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new UsageError("Missing --" + name);
        }
        return value;
    }

    Optional<String> optional(String name) {
        return Optional.ofNullable(options.get(name));
    }

    /** Refuses options the command does not know, so a typo never goes unnoticed. */
    void allowOnly(Set<String> names) throws UsageError {
        for (String name : options.keySet()) {
            if (!names.contains(name)) {
                throw new UsageError("Unknown option --" + name + " for " + command);
            }
        }
    }
}
