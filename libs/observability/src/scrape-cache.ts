// Owns "one database read per freshness window, whatever scrapes": gauges computed from the database at scrape time
// share one read, reuse it for `freshMs`, and keep the last good value when a read fails (a scrape must not fail, or
// be slowed, because of the database it reports on; the read itself is bounded by its statement timeout).

export class ScrapeCache<T> {
  private value?: T;
  private readAt = 0;
  private inFlight?: Promise<T | undefined>;

  constructor(
    private readonly read: () => Promise<T>,
    private readonly freshMs: number,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  /** The value, read again if older than the window; undefined until a first read succeeded. */
  get(now = Date.now()): Promise<T | undefined> {
    if (this.value !== undefined && now - this.readAt < this.freshMs) return Promise.resolve(this.value);
    this.inFlight ??= this.read()
      .then((value) => {
        this.value = value;
        this.readAt = Date.now();
        return value;
      })
      .catch((error: unknown) => {
        this.onError(error);
        return this.value;
      })
      .finally(() => {
        this.inFlight = undefined;
      });
    return this.inFlight;
  }
}
