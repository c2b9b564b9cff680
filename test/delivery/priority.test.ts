/** The priority rule as pure code (the delivery-state conformance suite checks memory and Redis apply it). */
import { describe, expect, it } from "vitest";
import { priorityIndex } from "../../src/delivery/priority.js";

describe("priorityIndex", () => {
  const r = {};
  it("routine jobs go to the end", () => {
    expect(priorityIndex([r, { urgent: true }], {})).toBe(2);
  });
  it("urgent jobs go ahead of routine ones, behind urgent ones and their own problem's", () => {
    expect(priorityIndex([], { urgent: true })).toBe(0);
    expect(priorityIndex([r, r], { urgent: true })).toBe(0);
    expect(priorityIndex([{ urgent: true }, r, r], { urgent: true })).toBe(1);
    expect(priorityIndex([r, { problem: "x" }, r], { urgent: true, problem: "x" })).toBe(2);
    expect(priorityIndex([r, { problem: "y" }, r], { urgent: true, problem: "x" })).toBe(0);
    expect(priorityIndex([{ urgent: true }, { urgent: true }], { urgent: true })).toBe(2);
  });
});
