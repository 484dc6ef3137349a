// The instants the e2e servers start at (MOTCUA_CLOCK): the product's one clock, so no test
// depends on the day or hour it runs. 2 December 2026 is a Wednesday, not a holiday.
export const weekdayMorning = "2026-12-02T09:00:00+07:00"; // open: the default week's morning session
export const weekdayEvening = "2026-12-02T20:00:00+07:00"; // closed: opens again Thursday 07:00
