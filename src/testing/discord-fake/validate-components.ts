import { checkString, checkUrl, discordChars, isRecord, type FormErrors } from "./form-errors.js";

/**
 * Components of a webhook that no application owns, as Discord checks them once `?with_components=true` asks it to
 * keep them: action rows (at most 5) of link buttons (at most 5 a row, style 5, label <= 80, url http(s) <= 512).
 * Interactive components (buttons of other styles, select menus) need an application-owned webhook: refused.
 */

const ROWS_MAX = 5;
const PER_ROW_MAX = 5;
const LABEL_MAX = 80;
const URL_MAX = 512;
const ACTION_ROW = 1;
const BUTTON = 2;
const LINK_STYLE = 5;

/** Checks `components` (legacy layout; with IS_COMPONENTS_V2 only its shape as an array is checked). */
export function checkComponents(errors: FormErrors, components: unknown, componentsV2: boolean): void {
  if (components === undefined || components === null) return;
  if (!Array.isArray(components)) {
    errors.add(["components"], "BASE_TYPE_ARRAY", "Must be an array.");
    return;
  }
  if (componentsV2) return;
  if (components.length > ROWS_MAX) errors.add(["components"], "BASE_TYPE_MAX_LENGTH", `Must be ${String(ROWS_MAX)} or fewer in length.`);
  components.forEach((row: unknown, i) => {
    const path = ["components", i];
    if (!isRecord(row) || row.type !== ACTION_ROW || !Array.isArray(row.components)) {
      errors.add(path, "COMPONENT_LAYOUT_INVALID", "Top-level components must be action rows (type 1) with a components array.");
      return;
    }
    if (row.components.length < 1 || row.components.length > PER_ROW_MAX) {
      errors.add([...path, "components"], "BASE_TYPE_BAD_LENGTH", `Must be between 1 and ${String(PER_ROW_MAX)} in length.`);
    }
    row.components.forEach((c: unknown, j) => {
      checkButton(errors, [...path, "components", j], c);
    });
  });
}

function checkButton(errors: FormErrors, path: (string | number)[], c: unknown): void {
  if (!isRecord(c) || c.type !== BUTTON || c.style !== LINK_STYLE) {
    errors.add(
      path,
      "COMPONENT_INTERACTIVE_NOT_ALLOWED",
      "Interactive components need an application-owned webhook; this webhook may send link buttons (type 2, style 5) only.",
    );
    return;
  }
  checkString(errors, [...path, "label"], c.label, LABEL_MAX);
  if (c.custom_id !== undefined) errors.add([...path, "custom_id"], "BUTTON_COMPONENT_LINK_HAS_CUSTOM_ID", "A link button cannot have a custom_id.");
  if (typeof c.url === "string" && discordChars(c.url) > URL_MAX) {
    errors.add([...path, "url"], "BASE_TYPE_MAX_LENGTH", `Must be ${String(URL_MAX)} or fewer in length.`);
  } else {
    checkUrl(errors, [...path, "url"], c.url, false, true);
  }
}
