/**
 * The zod schema of one text field of a Discord message or embed, checked as Discord counts text (code points after
 * trimming).
 */
import * as z from "zod";
import { discordLength } from "./text.js";

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * A string of at most `max` code points (after trimming), non-empty when `required`, with no lone surrogate. Each
 * broken rule is its own issue ("must not contain lone surrogates", "must be at most {max} characters", "must not be
 * empty"), and none stops the checks of the object around it.
 */
export function textSchema(max: number, required: boolean) {
  const tooLong = `must be at most ${max} characters`;
  // One check, the length counted once (three refinements cost a third of an embed's validation).
  return z.string().check((ctx) => {
    const s = ctx.value;
    if (LONE_SURROGATE.test(s)) ctx.issues.push({ code: "custom", message: "must not contain lone surrogates", input: s, continue: true });
    const length = discordLength(s);
    if (length > max) ctx.issues.push({ code: "custom", message: tooLong, input: s, continue: true });
    if (required && length === 0) ctx.issues.push({ code: "custom", message: "must not be empty", input: s, continue: true });
  });
}
