package ai.novai.gateway.limits;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

class SlidingWindowTest {

    private static final long T = 1_767_225_600L; // 2026-01-01T00:00:00Z, an epoch second
    private static final long LIMIT = 10;

    private final SlidingWindow window = new SlidingWindow();

    private static long millis(long second, long extraMillis) {
        return second * 1000 + extraMillis;
    }

    @Test
    void anEmptyWindowHasNothingUsedAndNothingToReset() {
        assertThat(window.used(T), is(0L));
        assertThat(window.resetMillis(millis(T, 500)), is(0L));
    }

    @Test
    void sumsEverySecondOfTheLastSixty() {
        window.add(T, 3);
        window.add(T, 2);
        window.add(T + 1, 4);
        window.add(T + 59, 1);

        assertThat(window.used(T), is(5L));
        assertThat(window.used(T + 1), is(9L));
        assertThat(window.used(T + 59), is(10L));
    }

    @Test
    void aSecondLeavesTheWindowSixtySecondsLater() {
        window.add(T, 3);
        window.add(T + 1, 4);

        assertThat(window.used(T + 59), is(7L));
        assertThat(window.used(T + 60), is(4L));
        assertThat(window.used(T + 61), is(0L));
    }

    @Test
    void doesNotCountSecondsAfterTheAskedInstant() {
        window.add(T + 5, 3);

        assertThat(window.used(T + 4), is(0L));
    }

    @Test
    void aSlotReusedAMinuteLaterStartsFromZero() {
        window.add(T, 7);
        window.add(T + SlidingWindow.SECONDS, 2);

        assertThat(window.used(T + SlidingWindow.SECONDS), is(2L));
    }

    @Test
    void refundTakesBackFromTheSecondOfTheReservation() {
        window.add(T, 10);
        window.add(T + 1, 5);

        window.refund(T, 4, T + 30);

        assertThat(window.used(T + 30), is(11L));
        assertThat(window.used(T + 60), is(5L));
    }

    @Test
    void refundNeverGoesBelowZero() {
        window.add(T, 3);
        window.add(T + 1, 5);

        window.refund(T, 10, T + 1);

        assertThat(window.used(T + 1), is(5L));
    }

    @Test
    void refundOfASecondThatLeftTheWindowChangesNothing() {
        window.add(T, 10);
        window.add(T + SlidingWindow.SECONDS, 3); // same slot, a minute later

        window.refund(T, 2, T + SlidingWindow.SECONDS);

        assertThat(window.used(T + SlidingWindow.SECONDS), is(3L));
    }

    @Test
    void refundOfASecondStillStoredButOutOfTheWindowChangesNothing() {
        window.add(T, 10);

        window.refund(T, 4, T + SlidingWindow.SECONDS);
        // count of T is left as it was: only visible again if time went back
        assertThat(window.used(T), is(10L));
    }

    @Test
    void waitMillisIsUntilTheOldestSecondLeaves() {
        window.add(T, 6);
        window.add(T + 10, 4);
        long now = millis(T + 20, 250);

        assertThat(window.waitMillis(now, 1, LIMIT), is(39_750L));
    }

    @Test
    void waitMillisSkipsSecondsUntilEnoughHasLeft() {
        window.add(T, 6);
        window.add(T + 10, 4);
        long now = millis(T + 20, 250);

        // 7 more need both seconds gone: the second one leaves at T + 70
        assertThat(window.waitMillis(now, 7, LIMIT), is(49_750L));
    }

    @Test
    void waitMillisIsAWholeWindowWhenWaitingCannotHelp() {
        window.add(T, 6);

        assertThat(window.waitMillis(millis(T + 1, 0), LIMIT + 1, LIMIT), is(60_000L));
    }

    @Test
    void waitMillisCountsToTheMillisecond() {
        window.add(T, LIMIT);

        // T leaves the window exactly at T + 60: asked then, one more fits already in the next millisecond
        assertThat(window.waitMillis(millis(T + 59, 999), 1, LIMIT), is(1L));
    }

    @Test
    void waitMillisIgnoresSecondsAlreadyOutOfTheWindow() {
        window.add(T, 100);
        window.add(T + 30, LIMIT);

        assertThat(window.waitMillis(millis(T + 60, 0), 1, LIMIT), is(30_000L));
    }

    @Test
    void resetMillisIsUntilTheNewestCountedSecondLeaves() {
        window.add(T, 1);
        window.add(T + 10, 1);

        assertThat(window.resetMillis(millis(T + 20, 500)), is(49_500L));
        assertThat(window.resetMillis(millis(T + 69, 999)), is(1L));
        assertThat(window.resetMillis(millis(T + 70, 0)), is(0L));
    }

    @Test
    void resetMillisIgnoresASecondRefundedToZero() {
        window.add(T, 1);
        window.add(T + 10, 4);
        window.refund(T + 10, 4, T + 20);

        assertThat(window.resetMillis(millis(T + 20, 500)), is(39_500L));
    }
}
