import { checkString, checkUrl, discordChars, isRecord, type FormErrors } from "./form-errors.js";

/**
 * Discord's per-embed limits, written out independently of the package's own schemas so the fake stays a referee.
 */
const LIMITS = { title: 256, description: 4096, fields: 25, fieldName: 256, fieldValue: 1024, footer: 2048, author: 256 };
const COLOR_MAX = 0xffffff;

type Path = readonly (string | number)[];

/** Checks one embed; returns the characters it counts toward the 6000 total, and whether it has content. */
export function checkEmbed(errors: FormErrors, path: Path, embed: unknown): { chars: number; empty: boolean } {
  if (!isRecord(embed)) {
    errors.add(path, "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType");
    return { chars: 0, empty: true };
  }
  let chars = 0;
  const count = (s: string | undefined): void => {
    if (s !== undefined) chars += discordChars(s);
  };
  count(checkString(errors, [...path, "title"], embed.title, LIMITS.title));
  count(checkString(errors, [...path, "description"], embed.description, LIMITS.description));
  checkUrl(errors, [...path, "url"], embed.url);
  checkColor(errors, [...path, "color"], embed.color);
  checkTimestamp(errors, [...path, "timestamp"], embed.timestamp);
  for (const key of ["image", "thumbnail"] as const) {
    const media = embed[key];
    if (media === undefined || media === null) continue;
    if (!isRecord(media)) errors.add([...path, key], "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType");
    else checkUrl(errors, [...path, key, "url"], media.url, true, true);
  }
  const footer = embed.footer;
  if (footer !== undefined && footer !== null) {
    if (!isRecord(footer)) errors.add([...path, "footer"], "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType");
    else {
      count(checkString(errors, [...path, "footer", "text"], footer.text, LIMITS.footer, true));
      checkUrl(errors, [...path, "footer", "icon_url"], footer.icon_url, true);
    }
  }
  const author = embed.author;
  if (author !== undefined && author !== null) {
    if (!isRecord(author)) errors.add([...path, "author"], "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType");
    else {
      count(checkString(errors, [...path, "author", "name"], author.name, LIMITS.author, true));
      checkUrl(errors, [...path, "author", "url"], author.url);
      checkUrl(errors, [...path, "author", "icon_url"], author.icon_url, true);
    }
  }
  chars += checkFields(errors, [...path, "fields"], embed.fields);
  const empty =
    chars === 0 && !isRecord(embed.image) && !isRecord(embed.thumbnail) && !isRecord(embed.author) && !isRecord(embed.footer);
  return { chars, empty };
}

function checkFields(errors: FormErrors, path: Path, fields: unknown): number {
  if (fields === undefined || fields === null) return 0;
  if (!Array.isArray(fields)) {
    errors.add(path, "BASE_TYPE_ARRAY", "Must be an array.");
    return 0;
  }
  if (fields.length > LIMITS.fields) {
    errors.add(path, "BASE_TYPE_MAX_LENGTH", `Must be ${LIMITS.fields} or fewer in length.`);
  }
  let chars = 0;
  fields.forEach((field: unknown, i) => {
    if (!isRecord(field)) {
      errors.add([...path, i], "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType");
      return;
    }
    const name = checkString(errors, [...path, i, "name"], field.name, LIMITS.fieldName, true);
    const value = checkString(errors, [...path, i, "value"], field.value, LIMITS.fieldValue, true);
    if (field.inline !== undefined && typeof field.inline !== "boolean") {
      errors.add([...path, i, "inline"], "BASE_TYPE_BOOLEAN", "Must be either true or false.");
    }
    chars += (name === undefined ? 0 : discordChars(name)) + (value === undefined ? 0 : discordChars(value));
  });
  return chars;
}

function checkColor(errors: FormErrors, path: Path, color: unknown): void {
  if (color === undefined || color === null) return;
  if (typeof color !== "number" || !Number.isInteger(color)) {
    errors.add(path, "NUMBER_TYPE_COERCE", `Value ${JSON.stringify(color)} is not int.`);
  } else if (color < 0) {
    errors.add(path, "NUMBER_TYPE_MIN", "int value should be greater than or equal to 0.");
  } else if (color > COLOR_MAX) {
    errors.add(path, "NUMBER_TYPE_MAX", `int value should be less than or equal to ${COLOR_MAX}.`);
  }
}

function checkTimestamp(errors: FormErrors, path: Path, timestamp: unknown): void {
  if (timestamp === undefined || timestamp === null) return;
  const ok = typeof timestamp === "string" && /^\d{4}-\d\d-\d\dT/.test(timestamp) && !Number.isNaN(Date.parse(timestamp));
  if (!ok) errors.add(path, "DATE_TYPE_PARSE", `Could not parse ${JSON.stringify(timestamp)}. Should be ISO8601.`);
}
