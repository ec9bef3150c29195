/* The parts of vega-util that vega-interpreter imports, taken from the vendored vega
   bundle (window.vega), so that the interpreter runs with the same Vega. */
const vega = window.vega;
export const ascending = vega.ascending;
export const isString = vega.isString;
export const DisallowedObjectProperties = vega.DisallowedObjectProperties;
