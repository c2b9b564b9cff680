/** The demo's sample inputs live with the command line (they ship in the package); tests import them from here. */
export { SAMPLE_INPUTS } from "../src/cli/samples.js";
