// SPDX-License-Identifier: Apache-2.0
// The "?" sheet: every keyboard shortcut, in a modal dialog that keeps focus until closed.
import { useEffect, useRef } from "preact/hooks";
import { t } from "../i18n";

const SHORTCUTS: Array<[string, string]> = [
  ["?", "shortcut_help"], ["/", "shortcut_search"], ["g i", "shortcut_mine"], ["g u", "shortcut_unassigned"],
  ["g r", "shortcut_at_risk"], ["g a", "shortcut_all"], ["g d", "shortcut_dashboard"], ["j / k", "shortcut_move"],
  ["o / Enter", "shortcut_open"], ["x", "shortcut_select"], ["r", "shortcut_reply"], ["n", "shortcut_note"],
  ["a", "shortcut_assign"], ["s", "shortcut_status"], ["p", "shortcut_priority"], ["Ctrl+Enter", "shortcut_send"],
  ["Esc", "shortcut_escape"],
];

export function Shortcuts({ onClose }: { onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current!;
    d.showModal();
    d.addEventListener("close", onClose);
    return () => d.removeEventListener("close", onClose);
  }, []);
  return (
    <dialog ref={dialog} class="shortcuts" aria-labelledby="shortcuts-title">
      <h2 id="shortcuts-title">{t("shortcuts")}</h2>
      <table>
        <tbody>
          {SHORTCUTS.map(([keys, what]) => (
            <tr><th scope="row"><kbd>{keys}</kbd></th><td>{t(what)}</td></tr>
          ))}
        </tbody>
      </table>
      <button onClick={() => dialog.current?.close()} autofocus>{t("close")}</button>
    </dialog>
  );
}
