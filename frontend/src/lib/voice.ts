// The kiosk page's one voice: the speaker every "Nghe" and the auto-speak use, and the
// villager's voice session (auto-speak, volume) that ends with the visit. Kept apart from
// speech.ts, which is pure and unit-tested, because this one plays through the server.
import { get } from "svelte/store";
import { playClip } from "./api";
import { Speaker, VoiceSession } from "./speech";

export const voiceSession = new VoiceSession();

/** speaker plays at the session's volume; a clip that cannot play is skipped. */
export const speaker = new Speaker(
  (path, signal) => playClip(path, signal, get(voiceSession.volume)),
  (e) => console.warn("clip not spoken", e),
);

/** endSession: the villager is done (home button, or the idle kiosk went home). */
export function endSession(): void {
  speaker.stop();
  voiceSession.end();
}
