package ai.novai.gateway.limits;

/**
 * What an admitted request holds until it is settled or released: the tokens it counted against TPM
 * in one second, and the money it holds against the budget of one period.
 *
 * @param id         unique id of the reservation
 * @param demand     what was asked at admission
 * @param slotSecond the epoch second the request was counted in
 * @param periodId   the budget period the money is held in (e.g. {@code 2026-11})
 * @param holder     the limiter that made it, and settles it
 */
public record Reservation(String id, Demand demand, long slotSecond, String periodId, Limiter holder) {
}
