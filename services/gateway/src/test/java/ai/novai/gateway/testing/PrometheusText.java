package ai.novai.gateway.testing;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scrape of {@code /observe/metrics} (Prometheus text format 0.0.4), parsed into samples: series name with
 * labels → value. Labels are matched by subset, so tests name only the ones they care about.
 */
public final class PrometheusText {

    // name{label="value",...} value [timestamp]
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)(\\s+\\S+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final Map<String, Map<Map<String, String>, Double>> samples = new HashMap<>();
    private final String text;

    private PrometheusText(String text) {
        this.text = text;
    }

    /** Parses a scrape. */
    public static PrometheusText parse(String text) {
        PrometheusText parsed = new PrometheusText(text);
        for (String line : text.lines().toList()) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line.strip());
            if (!sample.matches()) {
                throw new IllegalArgumentException("not a Prometheus sample: " + line);
            }
            Map<String, String> labels = new TreeMap<>();
            if (sample.group(3) != null) {
                Matcher label = LABEL.matcher(sample.group(3));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            parsed.samples.computeIfAbsent(sample.group(1), name -> new HashMap<>())
                    .put(labels, Double.parseDouble(sample.group(4)));
        }
        return parsed;
    }

    /** The sum of the samples of a name whose labels include these (0 when there is none). */
    public double value(String name, Map<String, String> labels) {
        return samples.getOrDefault(name, Map.of()).entrySet().stream()
                .filter(sample -> sample.getKey().entrySet().containsAll(labels.entrySet()))
                .mapToDouble(Map.Entry::getValue)
                .sum();
    }

    /** Whether any sample has this name. */
    public boolean has(String name) {
        return samples.containsKey(name);
    }

    /** The lines of the scrape that mention a name, for failure messages. */
    public String linesOf(String name) {
        return String.join("\n", text.lines().filter(line -> line.contains(name)).toList());
    }
}
