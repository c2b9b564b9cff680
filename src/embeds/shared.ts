// The palette and the options every builder takes (branding, clock).

/** The palette. Colour follows meaning: success green, failure red, warning yellow, info blue, alert orange. */
export const COLORS = {
  success: 3066993,
  failure: 15158332,
  warning: 16776960,
  info: 3447003,
  alert: 15105570,
  support: 65535,
} as const;

/** A colour name of {@link COLORS}. */
export type ColorName = keyof typeof COLORS;

/**
 * How messages look. `footer` and `footerIconUrl` go into each embed; `username` and `avatarUrl` are for the
 * message as a whole (the dispatcher sets them). No vendor name is built in.
 */
export interface Branding {
  /** Footer text of every embed, e.g. your product's name. */
  footer?: string;
  /** http(s) URL of a small icon next to the footer (shown only with `footer`). */
  footerIconUrl?: string;
  /** Name the webhook posts as (1-80 characters, must not contain "discord" or "clyde"). */
  username?: string;
  /** http(s) URL of the avatar the webhook posts with. */
  avatarUrl?: string;
}

/** Options every builder takes. */
export interface EmbedOptions {
  /** Footer (and, for the dispatcher, username and avatar). */
  branding?: Branding;
  /** The clock used when the input has no `timestamp`. Without both, the embed has no timestamp. */
  now?: () => Date;
}
