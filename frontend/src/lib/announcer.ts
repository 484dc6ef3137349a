// A queue of spoken calls: each plays to its end before the next starts, so two calls
// never talk over each other; a call may be said twice. The player is injected so the
// order can be tested without audio.
export interface Announcement {
  code: string;
  counter: number;
}

export class Announcer {
  private queue: Announcement[] = [];
  private playing = false;

  constructor(
    private play: (a: Announcement) => Promise<void>,
    /** repeat says each call twice; it may change at any time. */
    public repeat = false,
    private onError: (e: unknown) => void = () => {},
  ) {}

  /** say queues a; it returns at once. */
  say(a: Announcement) {
    this.queue.push(a);
    if (!this.playing) void this.drain();
  }

  /** idle resolves when nothing is left to say. */
  get pending(): number {
    return this.queue.length + (this.playing ? 1 : 0);
  }

  private async drain() {
    this.playing = true;
    while (this.queue.length > 0) {
      const a = this.queue.shift()!;
      for (let i = 0; i < (this.repeat ? 2 : 1); i++) {
        try {
          await this.play(a);
        } catch (e) {
          this.onError(e);
          break; // a call that cannot play is not retried; the screen still shows it
        }
      }
    }
    this.playing = false;
  }
}
