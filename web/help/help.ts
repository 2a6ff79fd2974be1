// SPDX-License-Identifier: Apache-2.0
// Progressive enhancement of the help center's server-rendered pages (web/pages/help_*.mustache).
// Every page works without this file.
import { enhanceSearch } from "./live_search";
import { enhanceVote } from "./voting";

document.querySelectorAll<HTMLFormElement>("form[data-live-search]").forEach(enhanceSearch);
document.querySelectorAll<HTMLFormElement>("form.vote").forEach(enhanceVote);
