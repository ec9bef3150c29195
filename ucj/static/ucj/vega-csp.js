/* Hands vega-interpreter to ucjChart (charts.js): Vega then evaluates its expressions by
   walking their syntax tree instead of compiling them with Function(), which the
   content security policy forbids (no 'unsafe-eval'). */
import { expressionInterpreter } from "../vendor/vega-interpreter/vega-interpreter.js";

window.ucjUseVegaInterpreter(expressionInterpreter);
