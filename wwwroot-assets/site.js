// Notarial Developer Portal: the little JavaScript the portal needs. No inline scripts anywhere (CSP: script-src 'self').
(function () {
  "use strict";
  const themeCookie = "np-theme";

  function readCookie(name) {
    const match = document.cookie.split("; ").find(c => c.startsWith(name + "="));
    return match ? decodeURIComponent(match.split("=")[1]) : null;
  }

  function writeTheme(mode) {
    const secure = location.protocol === "https:" ? "; Secure" : "";
    document.cookie = `${themeCookie}=${mode}; Path=/; Max-Age=31536000; SameSite=Lax${secure}`;
    document.body.classList.toggle("np-dark", mode === "dark");
    document.body.classList.toggle("np-light", mode !== "dark");
  }

  window.notarial = {
    theme: {
      get: () => readCookie(themeCookie),
      set: mode => writeTheme(mode),
    },
    // Copies text to the clipboard; returns false when the browser refuses (no permission, insecure context).
    copy: async text => {
      try {
        await navigator.clipboard.writeText(text);
        return true;
      } catch {
        return false;
      }
    },
    // The "try it" console of the API reference: a request on the portal session (same origin, the cookie goes along),
    // with the antiforgery token for changes. Answers what a developer needs to see: status, headers, body.
    tryIt: async (method, url, body, antiforgery) => {
      const headers = { "Accept": "application/json" };
      if (antiforgery) headers["RequestVerificationToken"] = antiforgery;
      if (body) headers["Content-Type"] = "application/json";
      const started = performance.now();
      try {
        const response = await fetch(url, { method, headers, body: body || undefined, credentials: "same-origin", redirect: "manual" });
        const text = await response.text();
        const list = [];
        response.headers.forEach((value, name) => list.push(name + ": " + value));
        return { status: response.status, statusText: response.statusText, headers: list.sort(), body: text, milliseconds: Math.round(performance.now() - started) };
      } catch (error) {
        return { status: 0, statusText: String(error), headers: [], body: "", milliseconds: Math.round(performance.now() - started) };
      }
    },
    // Offers text as a file download (recovery codes, CSV exports).
    download: (fileName, contentType, text) => {
      const url = URL.createObjectURL(new Blob([text], { type: contentType }));
      const a = document.createElement("a");
      a.href = url;
      a.download = fileName;
      document.body.appendChild(a);
      a.click();
      a.remove();
      URL.revokeObjectURL(url);
    },
  };

  // Copy buttons of static pages (the authenticator key, recovery codes): <button data-copy-text="...">.
  document.addEventListener("click", async event => {
    const button = event.target.closest("[data-copy-text]");
    if (!button) return;
    const copied = await window.notarial.copy(button.dataset.copyText);
    const label = copied ? (button.dataset.copiedLabel || "Copied") : "Select the text and copy it yourself";
    if (button.dataset.copiedLabel) button.textContent = label;
    button.title = label;
    button.setAttribute("aria-label", label);
  });

  // Copy buttons of the docs' code blocks: the text of the block the button sits on.
  document.addEventListener("click", async event => {
    const button = event.target.closest("[data-copy-code]");
    if (!button) return;
    const code = button.closest(".np-code")?.querySelector("pre");
    if (!code) return;
    const copied = await window.notarial.copy(code.innerText.replace(/\n$/, ""));
    button.textContent = copied ? "Copied" : "Select and copy";
    button.classList.toggle("np-code-copied", copied);
    setTimeout(() => { button.textContent = "Copy"; button.classList.remove("np-code-copied"); }, 2000);
  });

  // Static pages (sign-in, account settings) have no circuit: their theme switch saves the choice and reloads.
  document.addEventListener("click", event => {
    const toggle = event.target.closest("[data-theme-toggle]");
    if (!toggle) return;
    const dark = readCookie(themeCookie) === "dark" || (readCookie(themeCookie) === null && document.body.classList.contains("np-dark"));
    writeTheme(dark ? "light" : "dark");
    location.reload();
  });
})();
