// GOV.UK Frontend's components enhance pages that already work without JavaScript.
import { initAll } from "/assets/govuk-frontend.min.js";

initAll();
