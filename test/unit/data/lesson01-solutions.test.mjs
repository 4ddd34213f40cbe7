import { describeSolutions } from "./solutions-helper.mjs";
describeSolutions("01-data-quality");
