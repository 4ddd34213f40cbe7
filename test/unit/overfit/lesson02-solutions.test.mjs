import { describeSolutions } from "../data/solutions-helper.mjs";
describeSolutions("02-overfitting");
