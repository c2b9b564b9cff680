import * as z from "zod";
import type { DiscordEmbed } from "../discord/schemas.js";
import { parseOrThrow } from "../discord/validate.js";
import { code, inline } from "./format.js";
import { field, finishEmbed, userField } from "./build.js";
import { baseInputShape, httpUrlSchema, requiredTextSchema, textSchema, totalTextCap } from "./inputs.js";
import { COLORS, type EmbedOptions } from "./shared.js";

/** The states a game server can be in. */
export const SERVER_STATES = ["online", "offline", "starting", "stopping", "crashed", "installing", "suspended"] as const;
/** A game server state. */
export type ServerState = (typeof SERVER_STATES)[number];

/** Input of {@link serverStateChange}: a game server changed state. */
export const serverStateChangeInputSchema = z.object({
  /** The server's display name. */
  serverName: requiredTextSchema,
  state: z.enum(SERVER_STATES),
  /** The state it was in before, when known. */
  previousState: z.enum(SERVER_STATES).optional(),
  /** The node (machine) the server runs on. */
  node: textSchema().optional(),
  /** Why it changed, e.g. an exit code or who stopped it. */
  reason: textSchema().optional(),
  /** The host's id for the server. */
  serverId: textSchema().optional(),
  /** Link to the server in the host's panel. */
  url: httpUrlSchema.optional(),
  ...baseInputShape,
}).refine(...totalTextCap);

/** Input of {@link serverStateChange}. Equal to `z.input<typeof serverStateChangeInputSchema>` (a type test keeps them in step). */
export interface ServerStateChangeInput {
  /** The server's display name (not blank). */
  serverName: string;
  /** The state it is in now. */
  state: ServerState;
  /** The state it was in before, when known. */
  previousState?: ServerState;
  /** The node (machine) the server runs on. */
  node?: string;
  /** Why it changed, e.g. an exit code or who stopped it. */
  reason?: string;
  /** The host's id for the server. */
  serverId?: string;
  /** Link to the server in the host's panel (an http(s) URL). */
  url?: string;
  /** When it happened: a `Date`, an ISO 8601 date-time with offset (or `Z`), or epoch milliseconds. Default: the builder's `now()`, else none. */
  timestamp?: Date | string | number;
}

const LOOK: Record<ServerState, { emoji: string; label: string; color: number }> = {
  online: { emoji: "🟢", label: "Online", color: COLORS.success },
  offline: { emoji: "⚫", label: "Offline", color: COLORS.warning },
  starting: { emoji: "🔄", label: "Starting", color: COLORS.info },
  stopping: { emoji: "⏹️", label: "Stopping", color: COLORS.warning },
  crashed: { emoji: "💥", label: "Crashed", color: COLORS.failure },
  installing: { emoji: "📦", label: "Installing", color: COLORS.info },
  suspended: { emoji: "⛔", label: "Suspended", color: COLORS.alert },
};

/**
 * A game server changed state (GAME_SERVER webhooks). Crashed is red, online green, offline and stopping yellow,
 * starting and installing blue, suspended orange.
 *
 * @example
 * ```ts
 * embeds.serverStateChange({ serverName: "Survival #1", state: "crashed", node: "de-fra-1", reason: "exit code 137" })
 * ```
 */
export function serverStateChange(input: ServerStateChangeInput, options?: EmbedOptions): DiscordEmbed {
  const data = parseOrThrow(serverStateChangeInputSchema, input, "serverStateChange input");
  const look = LOOK[data.state];
  const name = inline(data.serverName, 256);
  return finishEmbed(
    {
      title: `${look.emoji} Server ${look.label.toLowerCase()}`,
      color: look.color,
      url: data.url,
      description: `**${name}** is now **${look.label.toLowerCase()}**.`,
      fields: [
        field("State", look.label),
        data.previousState === undefined ? undefined : field("Previous state", LOOK[data.previousState].label),
        userField("Node", data.node, (t) => inline(t, 256)),
        userField("Server ID", data.serverId, (t) => code(t, 128)),
        userField("Reason", data.reason, (t) => inline(t, 1024), false),
      ],
    },
    data.timestamp,
    options,
  );
}
