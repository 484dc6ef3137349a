// The kiosk's USB QR scanner is a keyboard wedge: it types what the QR holds and Enter, like
// a keyboard, into whatever has focus. The screens that read scans (the dossier look-up,
// the later rating) tell its bursts from a person here, in one place.

/**
 * KeyBurst tells a USB QR scanner from a person: a scanner types a whole code in one fast
 * burst of keys ending in Enter (or Tab), a few milliseconds apart. key() takes each
 * keydown with its time (the event's timeStamp) and returns the burst when its Enter comes,
 * else null. A burst is judged by its average pace, so one late key (a busy page) does not
 * cut a scan in two, and a cut-off tail is never taken for a code of its own; a pause of
 * quietMs starts a new one. Slow typing is never a scan.
 */
export class KeyBurst {
  private text = "";
  private keys = 0;
  private first = 0;
  private last = -Infinity;

  constructor(
    private readonly maxAvgMs = 60,
    private readonly minLength = 8,
    private readonly quietMs = 1000,
  ) {}

  /** inBurst says whether a key at time at belongs to an input already begun. */
  inBurst(at: number): boolean {
    return this.keys > 0 && at - this.last <= this.quietMs;
  }

  key(key: string, at: number): string | null {
    if (!this.inBurst(at)) {
      this.text = "";
      this.keys = 0;
      this.first = at;
    }
    this.last = at;
    if (key === "Enter" || key === "Tab") {
      const fast = this.keys > 0 && (at - this.first) / this.keys <= this.maxAvgMs;
      const burst = fast && this.text.length >= this.minLength ? this.text : null;
      this.text = "";
      this.keys = 0;
      return burst;
    }
    this.keys++;
    if ([...key].length === 1) this.text += key;
    else if (key !== "Shift" && key !== "CapsLock") this.text = ""; // arrows, Backspace: a person, not a scanner
    return null;
  }
}

/**
 * listenForScans reads every key on the page first (the capture phase) and calls onScan
 * with each scanner burst. A burst's keys never reach the button that has focus (a space
 * in a citizen ID's address would press it), nor does a lone printable key: the screens
 * that listen take no typing but their on-screen keyboard. A lone Enter or Tab still works
 * the page. Returns the function that stops listening.
 */
export function listenForScans(onScan: (text: string) => void, target: Window = window): () => void {
  const burst = new KeyBurst();
  const onKey = (e: KeyboardEvent) => {
    if (e.isComposing || e.ctrlKey || e.altKey || e.metaKey) return;
    const continuing = burst.inBurst(e.timeStamp);
    const scan = burst.key(e.key, e.timeStamp);
    if (scan !== null) {
      e.preventDefault();
      e.stopPropagation();
      onScan(scan);
    } else if (continuing || e.key.length === 1) {
      e.preventDefault();
    }
  };
  target.addEventListener("keydown", onKey, { capture: true });
  return () => target.removeEventListener("keydown", onKey, { capture: true });
}
