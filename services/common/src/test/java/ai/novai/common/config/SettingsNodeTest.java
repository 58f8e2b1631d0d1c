package ai.novai.common.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SettingsNodeTest {

    private enum Mode implements ConfigName {
        OPEN("open"), HALF_OPEN("half-open");

        private final String configName;

        Mode(String configName) {
            this.configName = configName;
        }

        @Override
        public String configName() {
            return configName;
        }
    }

    private static SettingsNode block(Map<String, String> values) {
        return SettingsNode.of(Config.just(ConfigSources.create(values)).get("app.block"));
    }

    @Test
    void absentKeysTakeTheirDefaults() {
        SettingsNode block = block(Map.of("app.other", "1"));
        assertThat(block.integer("workers", 8, 0, 64), is(8));
        assertThat(block.longInteger("bytes", 5L, 1, Long.MAX_VALUE), is(5L));
        assertThat(block.fraction("share", 0.5), is(0.5));
        assertThat(block.bool("enabled", true), is(true));
        assertThat(block.positiveDuration("lease", Duration.ofSeconds(30)), is(Duration.ofSeconds(30)));
        assertThat(block.string("target", "dns:///x"), is("dns:///x"));
        assertThat(block.strings("origins"), is(List.of()));
        assertThat(block.oneOf("mode", Mode.class, Mode.OPEN), is(Mode.OPEN));
        assertThat(block.optionalOneOf("mode", Mode.class), is(Optional.empty()));
        assertThat(block.optionalLongInteger("limit", 1, 10), is(OptionalLong.empty()));
    }

    @Test
    void presentKeysAreRead() {
        SettingsNode block = block(Map.of("app.block.workers", "3", "app.block.share", "0.25",
                                          "app.block.lease", "PT2S", "app.block.mode", "half-open",
                                          "app.block.origins.0", "https://a.example", "app.block.enabled", "false",
                                          "app.block.blank", " "));
        assertThat(block.integer("workers", 8, 0, 64), is(3));
        assertThat(block.fraction("share", 0.5), is(0.25));
        assertThat(block.positiveDuration("lease", Duration.ofSeconds(30)), is(Duration.ofSeconds(2)));
        assertThat(block.oneOf("mode", Mode.class, Mode.OPEN), is(Mode.HALF_OPEN));
        assertThat(block.optionalOneOf("mode", Mode.class), is(Optional.of(Mode.HALF_OPEN)));
        assertThat(block.optionalLongInteger("workers", 1, 10), is(OptionalLong.of(3)));
        assertThat(block.strings("origins"), is(List.of("https://a.example")));
        assertThat(block.bool("enabled", true), is(false));
        assertThat(block.string("blank", "default"), is("default"));
        assertThat(block.stringOrNone("blank", "default"), is(Optional.empty()));
        assertThat(block.stringOrNone("absent", "default"), is(Optional.of("default")));
    }

    @Test
    void aValueOfTheWrongTypeNamesTheKeyAndWhatItAllows() {
        SettingsNode block = block(Map.of("app.block.workers", "eight", "app.block.lease", "30s",
                                          "app.block.enabled", "yes please"));
        assertThat(assertThrows(InvalidSettingException.class, () -> block.integer("workers", 8, 0, 64))
                           .getMessage(), is("app.block.workers: must be an integer from 0 to 64, was 'eight'"));
        assertThat(assertThrows(InvalidSettingException.class,
                                () -> block.positiveDuration("lease", Duration.ofSeconds(1))).getMessage(),
                   is("app.block.lease: must be an ISO-8601 duration (e.g. PT10S) greater than zero, was '30s'"));
        assertThat(assertThrows(InvalidSettingException.class, () -> block.bool("enabled", true)).getMessage(),
                   is("app.block.enabled: must be true or false, was 'yes please'"));
    }

    @Test
    void aValueOutOfRangeNamesTheKeyAndTheRange() {
        SettingsNode block = block(Map.of("app.block.workers", "-1", "app.block.share", "1.5",
                                          "app.block.wait", "-PT1S", "app.block.bytes", "0"));
        assertThat(assertThrows(InvalidSettingException.class, () -> block.integer("workers", 8, 0, 64))
                           .getMessage(), is("app.block.workers: must be an integer from 0 to 64, was '-1'"));
        assertThat(assertThrows(InvalidSettingException.class, () -> block.fraction("share", 0.5)).getMessage(),
                   is("app.block.share: must be a number greater than 0 and at most 1, was '1.5'"));
        assertThat(assertThrows(InvalidSettingException.class, () -> block.duration("wait", Duration.ZERO))
                           .getMessage(),
                   is("app.block.wait: must be an ISO-8601 duration (e.g. PT10S) of at least PT0S, was '-PT1S'"));
        assertThat(assertThrows(InvalidSettingException.class,
                                () -> block.longInteger("bytes", 5, 1, Long.MAX_VALUE)).getMessage(),
                   is("app.block.bytes: must be an integer of at least 1, was '0'"));
    }

    @Test
    void anUnknownNameListsTheKnownOnes() {
        SettingsNode block = block(Map.of("app.block.mode", "closed"));
        assertThat(assertThrows(InvalidSettingException.class, () -> block.oneOf("mode", Mode.class, Mode.OPEN))
                           .getMessage(), is("app.block.mode: must be one of open, half-open, was 'closed'"));
    }

    @Test
    void aBlockWhereAValueBelongsIsRefused() {
        SettingsNode block = block(Map.of("app.block.workers.min", "1"));
        assertThat(assertThrows(InvalidSettingException.class, () -> block.integer("workers", 8, 0, 64))
                           .getMessage(), is("app.block.workers: must be an integer from 0 to 64, was a block of keys"));
    }
}
