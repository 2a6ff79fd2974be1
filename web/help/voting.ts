// SPDX-License-Identifier: Apache-2.0
// Voting without leaving the page: the form still POSTs to /help/articles/:slug/vote (and
// works without this); here the same vote goes through the public API and the answer is
// announced in the form's live region.
import { vote } from "./api";

export function enhanceVote(form: HTMLFormElement): void {
  const articleId = form.dataset.articleId;
  const status = form.parentElement?.querySelector<HTMLElement>(".vote-status");
  if (!articleId || !status) return;
  form.addEventListener("submit", async (event) => {
    const submitter = (event as SubmitEvent).submitter as HTMLButtonElement | null;
    if (!submitter) return; // no button: let the browser post the form
    event.preventDefault();
    for (const button of form.querySelectorAll("button")) button.disabled = true;
    const outcome = await vote(articleId, submitter.value === "yes").catch(() => "failed" as const);
    if (outcome === "failed") {
      // The server-rendered path still works: post the form as if there were no script.
      const choice = document.createElement("input");
      choice.type = "hidden";
      choice.name = "helpful";
      choice.value = submitter.value;
      form.append(choice);
      HTMLFormElement.prototype.submit.call(form);
      return;
    }
    status.textContent = (outcome === "thanks" ? form.dataset.thanks : form.dataset.already) ?? "";
    form.hidden = true;
  });
}
