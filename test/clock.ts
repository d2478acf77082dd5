/** A clock a test can move: sweeps are tested by standing in the future, not by waiting. */
export class FakeClock {
  private t: number;
  constructor(start = '2026-11-22T10:00:00.000Z') {
    this.t = Date.parse(start);
  }
  now = (): Date => new Date(this.t);
  advance(ms: number): void {
    this.t += ms;
  }
  advanceDays(days: number): void {
    this.advance(days * 86_400_000);
  }
  set(isoTime: string): void {
    this.t = Date.parse(isoTime);
  }
}
