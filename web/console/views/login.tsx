// SPDX-License-Identifier: Apache-2.0
import { useState } from "preact/hooks";
import { ApiError, call } from "../api";
import { t } from "../i18n";

export function Login({ onSignedIn }: { onSignedIn: (session: any) => void }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError("");
    try {
      onSignedIn(await call("POST", "/api/v1/auth/login", { email, password }));
    } catch (err) {
      const code = err instanceof ApiError ? err.code : "";
      setError(code === "account_locked" || code === "too_many_attempts" ? t("login_locked")
               : code === "invalid_credentials" ? t("login_invalid") : t("error_generic"));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" class="login">
      <form class="card" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">{t("login_title")}</h1>
        {error && <p class="error" role="alert">{error}</p>}
        <label for="email">{t("email")}</label>
        <input id="email" type="email" autocomplete="username" required value={email}
               onInput={(e) => setEmail((e.target as HTMLInputElement).value)} />
        <label for="password">{t("password")}</label>
        <input id="password" type="password" autocomplete="current-password" required value={password}
               onInput={(e) => setPassword((e.target as HTMLInputElement).value)} />
        <button type="submit" class="primary" disabled={busy}>{t("sign_in")}</button>
      </form>
    </main>
  );
}
