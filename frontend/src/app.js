// SEND Casework – progressive enhancements.
//
// Loaded by templates/shared/base.html as <script type="module" nonce=...>.
// Everything here is an enhancement: every page and form must work without it.
// Nothing is fetched from a CDN; govuk-frontend.min.js sits next to this file
// in /static/build/.

import { initAll } from "./govuk-frontend.min.js";

// ---------------------------------------------------------------------------
// GOV.UK Frontend components (accordion, error summary, service navigation...)
// ---------------------------------------------------------------------------

initAll();

// ---------------------------------------------------------------------------
// Uploads with a progress bar: <form data-module="app-upload" ...>
//
// Without JavaScript the form POSTs straight to the object store, which
// redirects the browser back to the app (success_action_redirect).
// With JavaScript we send the file with XMLHttpRequest to show a <progress>.
// A script cannot stop XHR following the store's redirect into the app (a
// cross-origin request that CORS refuses), so the server also signs a second
// set of fields (data-script-fields) that make the store answer 201 instead;
// the script then goes to data-receipt-url with the key, as the store's
// redirect would have. On any failure the form is submitted normally.
// ---------------------------------------------------------------------------

function uploadProgressElement(form) {
  let wrapper = form.querySelector(".app-upload-progress");
  if (!wrapper) {
    wrapper = document.createElement("div");
    wrapper.className = "app-upload-progress";
    wrapper.hidden = true;

    const label = document.createElement("p");
    label.className = "govuk-body app-upload-progress__label";
    label.setAttribute("aria-live", "polite");
    label.textContent = "Uploading your file";

    const bar = document.createElement("progress");
    bar.className = "app-upload-progress__bar";
    bar.max = 100;
    bar.value = 0;
    bar.setAttribute("aria-label", "Upload progress");

    wrapper.append(label, bar);
    const submit = form.querySelector('[type="submit"], button:not([type])');
    if (submit) submit.before(wrapper);
    else form.append(wrapper);
  }
  return {
    wrapper,
    label: wrapper.querySelector(".app-upload-progress__label"),
    bar: wrapper.querySelector("progress"),
  };
}

function scriptUpload(form) {
  // The fields, file last (the store ignores anything after the file), and
  // where to go afterwards; null when the form cannot be sent by script.
  const fileInput = form.querySelector('input[type="file"]');
  const file = fileInput && fileInput.files && fileInput.files[0];
  let fields;
  try {
    fields = JSON.parse(form.dataset.scriptFields || "null");
  } catch (error) {
    fields = null;
  }
  if (!file || !fields || !form.dataset.receiptUrl || !fields.key) return null;
  const data = new FormData();
  Object.entries(fields).forEach(([name, value]) => data.append(name, value));
  data.append(fileInput.name, file);
  const receipt = new URL(form.dataset.receiptUrl, window.location.href);
  receipt.searchParams.set("key", fields.key.replace("${filename}", file.name));
  return { data, receiptUrl: receipt.href };
}

function showUploadError(form, text) {
  // The GOV.UK error message pattern on the file input, and "Error: " in the title.
  const input = form.querySelector('input[type="file"]');
  const group = input && input.closest(".govuk-form-group");
  if (!group) return;
  group.classList.add("govuk-form-group--error");
  input.classList.add("govuk-file-upload--error");
  let message = group.querySelector(".govuk-error-message");
  if (!message) {
    message = document.createElement("p");
    message.className = "govuk-error-message";
    message.id = `${input.id}-error`;
    input.before(message);
    input.setAttribute("aria-describedby", message.id);
  }
  message.innerHTML = '<span class="govuk-visually-hidden">Error:</span> ';
  message.append(document.createTextNode(text));
  if (!document.title.startsWith("Error: ")) document.title = `Error: ${document.title}`;
  input.focus();
}

function enhanceUploadForm(form) {
  if (form.dataset.appUploadEnhanced) return;
  form.dataset.appUploadEnhanced = "true";

  let fallingBack = false;

  form.addEventListener("submit", (event) => {
    if (fallingBack || !window.FormData || !window.XMLHttpRequest) return;
    const upload = scriptUpload(form);
    if (!upload) return; // no file chosen, or nothing to send by script: the normal submit
    event.preventDefault();
    const maxBytes = Number(form.dataset.maxBytes || 0);
    const chosen = form.querySelector('input[type="file"]').files[0];
    if (maxBytes && chosen.size > maxBytes) {
      showUploadError(form, `The selected file must be smaller than ${Math.floor(maxBytes / 1048576)}MB`);
      return;
    }

    const submitButtons = form.querySelectorAll('[type="submit"], button:not([type])');
    const progress = uploadProgressElement(form);
    let lastAnnounced = -1;

    const fallBack = () => {
      // Let the browser do a normal multipart POST (it still has the file).
      fallingBack = true;
      document.dispatchEvent(new CustomEvent("app:idle"));
      progress.wrapper.hidden = true;
      submitButtons.forEach((button) => {
        button.disabled = false;
      });
      HTMLFormElement.prototype.submit.call(form);
    };

    submitButtons.forEach((button) => {
      button.disabled = true;
    });
    // A long upload must not be interrupted by the timeout warning.
    document.dispatchEvent(new CustomEvent("app:busy"));
    progress.wrapper.hidden = false;
    progress.bar.value = 0;
    progress.label.textContent = "Uploading your file";

    const xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.upload.addEventListener("progress", (e) => {
      if (!e.lengthComputable) return;
      const percent = Math.floor((e.loaded / e.total) * 100);
      progress.bar.value = percent;
      // Announce in steps of 25% so screen readers are not flooded.
      const step = Math.floor(percent / 25) * 25;
      if (step !== lastAnnounced) {
        lastAnnounced = step;
        progress.label.textContent = `Uploading your file: ${step}% sent`;
      }
    });
    xhr.addEventListener("load", () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        progress.bar.value = 100;
        progress.label.textContent = "Upload complete";
        window.location.assign(upload.receiptUrl);
      } else {
        // The store refused it: most likely the page was open too long and its upload
        // permission expired.
        document.dispatchEvent(new CustomEvent("app:idle"));
        progress.wrapper.hidden = true;
        submitButtons.forEach((button) => {
          button.disabled = false;
        });
        showUploadError(form, "The file could not be uploaded. Refresh the page, then choose the file again");
      }
    });
    xhr.addEventListener("error", fallBack);
    xhr.addEventListener("abort", fallBack);
    xhr.addEventListener("timeout", fallBack);
    xhr.send(upload.data);
  });
}

// ---------------------------------------------------------------------------
// Session timeout warning: <dialog data-module="app-timeout-warning" ...>
//
// The server ends idle sessions whatever happens here. This only warns the
// user before that and lets them stay signed in (a POST to the keep-alive
// URL, which refreshes the session) or sign out.
// Data attributes (see templates/shared/components/timeout_warning.html):
//   data-idle-timeout-seconds  server's idle timeout
//   data-warning-seconds       how long before the timeout to warn
//   data-keep-alive-url        POST here (X-CSRFToken header) to stay signed in;
//                              a 2xx or 3xx answer counts as success
//   data-timed-out-url         where to go when the time is up
//   data-csrf-token            token for the keep-alive POST
// ---------------------------------------------------------------------------

function formatRemaining(seconds) {
  if (seconds >= 60) {
    const minutes = Math.ceil(seconds / 60);
    return `${minutes} minute${minutes === 1 ? "" : "s"}`;
  }
  return `${seconds} second${seconds === 1 ? "" : "s"}`;
}

function enhanceTimeoutWarning(dialog) {
  if (typeof dialog.showModal !== "function") return;

  const idle = Number.parseInt(dialog.dataset.idleTimeoutSeconds, 10);
  const warnBefore = Number.parseInt(dialog.dataset.warningSeconds || "120", 10);
  if (!Number.isFinite(idle) || idle <= 0) return;

  const keepAliveUrl = dialog.dataset.keepAliveUrl;
  const timedOutUrl = dialog.dataset.timedOutUrl;
  const csrfToken = dialog.dataset.csrfToken || "";
  const countdown = dialog.querySelector(".app-timeout-dialog__countdown");
  const announcer = dialog.querySelector(".app-timeout-dialog__announcer");
  const stayButton = dialog.querySelector(".app-timeout-dialog__stay");

  let deadline = 0;
  let warnTimer = null;
  let tickTimer = null;
  let lastFocused = null;
  let busy = 0; // uploads in progress: keep the session alive silently

  const tick = () => {
    const remaining = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    if (countdown) countdown.textContent = formatRemaining(remaining);
    // Screen readers hear the time at most every 20 seconds.
    if (announcer && (remaining % 20 === 0 || remaining <= 5)) {
      announcer.textContent = `You will be signed out in ${formatRemaining(remaining)}.`;
    }
    if (remaining <= 0) {
      window.clearInterval(tickTimer);
      if (timedOutUrl) window.location.assign(timedOutUrl);
    }
  };

  const open = () => {
    if (busy > 0) {
      keepAlive().then(restart, restart);
      return;
    }
    lastFocused = document.activeElement;
    tick();
    dialog.showModal();
    tickTimer = window.setInterval(tick, 1000);
  };

  const restart = () => {
    window.clearTimeout(warnTimer);
    window.clearInterval(tickTimer);
    deadline = Date.now() + idle * 1000;
    warnTimer = window.setTimeout(open, Math.max(0, (idle - warnBefore) * 1000));
  };

  const close = () => {
    window.clearInterval(tickTimer);
    if (dialog.open) dialog.close();
    if (lastFocused && typeof lastFocused.focus === "function") lastFocused.focus();
  };

  const keepAlive = async () => {
    if (!keepAliveUrl) return;
    // Any 2xx, or a redirect (not followed: where it points does not
    // matter, the request itself refreshed the session), counts as success.
    const response = await fetch(keepAliveUrl, {
      method: "POST",
      credentials: "same-origin",
      redirect: "manual",
      headers: { "X-CSRFToken": csrfToken },
    });
    if (!response.ok && response.type !== "opaqueredirect") throw new Error(String(response.status));
  };

  const stay = async () => {
    close();
    try {
      await keepAlive();
    } catch {
      // The session may already have ended: reload so the server decides.
      window.location.reload();
      return;
    }
    restart();
  };

  if (stayButton) {
    stayButton.addEventListener("click", (event) => {
      event.preventDefault();
      stay();
    });
  }
  // Esc closes a modal <dialog>: treat it as "stay signed in".
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    stay();
  });

  document.addEventListener("app:busy", () => {
    busy += 1;
  });
  document.addEventListener("app:idle", () => {
    busy = Math.max(0, busy - 1);
  });

  // Any htmx request also refreshes the server session.
  document.body.addEventListener("htmx:afterRequest", () => {
    if (!dialog.open) restart();
  });

  restart();
}

// ---------------------------------------------------------------------------

function init(root = document) {
  root.querySelectorAll('form[data-module="app-upload"]').forEach(enhanceUploadForm);
  root.querySelectorAll('dialog[data-module="app-timeout-warning"]').forEach(enhanceTimeoutWarning);
}

init();

// Content swapped in by htmx gets the same enhancements.
document.body.addEventListener("htmx:load", (event) => {
  const el = event.detail && event.detail.elt;
  if (!el || el === document.body || !el.querySelectorAll) return;
  initAll({ scope: el });
  if (el.matches('form[data-module="app-upload"]')) enhanceUploadForm(el);
  init(el);
});

// An htmx request answered with an error page (a 409 conflict when another officer saved
// first, a 403, a 500): show that whole page, as the same action without JavaScript would,
// instead of leaving the screen unchanged. Scripts in it do not run; the page is information.
document.body.addEventListener("htmx:beforeSwap", (event) => {
  const xhr = event.detail.xhr;
  if (!xhr || xhr.status < 400 || !xhr.responseText) return;
  event.detail.shouldSwap = false;
  const page = new DOMParser().parseFromString(xhr.responseText, "text/html");
  const main = page.querySelector("main");
  const current = document.querySelector("main");
  if (!main || !current) return;
  current.replaceWith(document.importNode(main, true));
  document.title = page.title;
  const heading = document.querySelector("main h1");
  if (heading) {
    heading.setAttribute("tabindex", "-1");
    heading.focus();
  }
});
