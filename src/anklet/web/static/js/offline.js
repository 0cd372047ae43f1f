// Working with no connection: the service worker is registered (sw.js keeps the pages), the
// athlete's pages are kept once a day, and a log or a check-in saved with no connection is
// queued on this device (IndexedDB) and sent when the connection returns. Each queued write
// carries its own Idempotency-Key, so sending it again (a lost answer, two tabs, a retry)
// never stores it twice: the server gives the first answer again.
(function () {
  "use strict";
  var anklet = (window.anklet = window.anklet || {});
  var DB_NAME = "anklet";
  var QUEUE = "queue"; // writes waiting to be sent, oldest first
  var REFUSED = "refused"; // writes the server refused: shown until dismissed
  var RETRY_MS = 20000;

  function database() {
    return new Promise(function (resolve, reject) {
      var opening = indexedDB.open(DB_NAME, 1);
      opening.onupgradeneeded = function () {
        var db = opening.result;
        db.createObjectStore(QUEUE, { keyPath: "key" });
        db.createObjectStore(REFUSED, { keyPath: "key" });
      };
      opening.onsuccess = function () { resolve(opening.result); };
      opening.onerror = function () { reject(opening.error); };
    });
  }
  function inStore(store, mode, work) {
    return database().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(store, mode);
        var result = work(tx.objectStore(store));
        tx.oncomplete = function () { db.close(); resolve(result && result.result); };
        tx.onerror = function () { db.close(); reject(tx.error); };
      });
    });
  }
  function all(store) {
    return inStore(store, "readonly", function (s) { return s.getAll(); }).then(function (rows) {
      return (rows || []).sort(function (a, b) { return a.queuedAt < b.queuedAt ? -1 : 1; });
    });
  }
  function put(store, entry) { return inStore(store, "readwrite", function (s) { return s.put(entry); }); }
  function remove(store, key) { return inStore(store, "readwrite", function (s) { return s.delete(key); }); }

  // A key per write: 128 random bits (getRandomValues works on a plain http:// address too).
  function newKey() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return "anklet-" + Array.prototype.map.call(bytes, function (b) {
      return (b + 256).toString(16).slice(1);
    }).join("");
  }

  function parse(html) { return new DOMParser().parseFromString(html, "text/html"); }
  // What a refusal says: the form's list of problems, or the error page's message.
  function reasonIn(doc, status) {
    var found = doc.getElementById("form-errors") || doc.querySelector("main .banner.warn");
    var text = found ? found.textContent.replace(/\s+/g, " ").trim() : "";
    return text || "the server answered " + status;
  }

  // --- the state shown on every page ---------------------------------------------------

  var lastSent = [];
  function render() {
    var box = document.getElementById("sync-state");
    if (!box) return Promise.resolve();
    return Promise.all([all(QUEUE), all(REFUSED)]).then(function (found) {
      var waiting = found[0], refused = found[1];
      box.textContent = "";
      box.hidden = !waiting.length && !refused.length && !lastSent.length;
      document.documentElement.dataset.sync = waiting.length ? "waiting" : refused.length ? "refused" : "clear";
      if (waiting.length) {
        var wait = document.createElement("div");
        wait.className = "banner warn";
        wait.id = "sync-waiting";
        var p = document.createElement("p");
        p.textContent = "Waiting to sync: " + waiting.map(function (e) { return e.label; }).join("; ") +
          ". Saved on this device; sent when the connection returns.";
        var button = document.createElement("button");
        button.type = "button";
        button.className = "button";
        button.id = "sync-now";
        button.textContent = "Send now";
        button.addEventListener("click", function () { flush(); });
        wait.appendChild(p);
        wait.appendChild(button);
        box.appendChild(wait);
      }
      refused.forEach(function (entry) {
        var note = document.createElement("div");
        note.className = "banner lock sync-refused";
        note.setAttribute("role", "alert");
        var p = document.createElement("p");
        p.textContent = "Not saved: the server refused " + entry.label + ". " + entry.reason;
        var again = document.createElement("a");
        again.href = entry.page;
        again.textContent = "Enter it again";
        var dismiss = document.createElement("button");
        dismiss.type = "button";
        dismiss.className = "button";
        dismiss.textContent = "Dismiss";
        dismiss.addEventListener("click", function () { remove(REFUSED, entry.key).then(render); });
        note.appendChild(p);
        note.appendChild(again);
        note.appendChild(document.createTextNode(" "));
        note.appendChild(dismiss);
        box.appendChild(note);
      });
      if (lastSent.length) {
        var sent = document.createElement("p");
        sent.className = "banner ok";
        sent.id = "sync-sent";
        sent.textContent = "Synced: " + lastSent.join("; ") + ".";
        box.appendChild(sent);
      }
    }).catch(function () { /* IndexedDB refused (private browsing): nothing to show */ });
  }

  // --- sending ---------------------------------------------------------------------------

  function post(entry) {
    return fetch(entry.url, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Idempotency-Key": entry.key,
        "Content-Type": "application/x-www-form-urlencoded",
        Accept: "text/html",
      },
      body: entry.body,
    });
  }
  // The session's form token may have changed since the write was queued (a restarted
  // browser): take the current one from the form's page and send the same write again.
  function withFreshToken(entry) {
    return fetch(entry.url, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var field = parse(html).querySelector('input[name="csrf_token"]');
        if (!field) return entry;
        var body = new URLSearchParams(entry.body);
        body.set("csrf_token", field.value);
        entry.body = body.toString();
        return put(QUEUE, entry).then(function () { return entry; });
      });
  }

  // One write: "sent", "refused" (with the page), or "waiting" (no connection, server busy).
  function send(entry, freshened) {
    return post(entry).then(function (response) {
      if (response.status >= 500 || response.status === 429) return { outcome: "waiting" };
      if (response.status === 403 && !freshened) {
        return withFreshToken(entry).then(function (fresh) { return send(fresh, true); });
      }
      var recorded = response.headers.get("Idempotent-Replayed") === "recorded";
      return remove(QUEUE, entry.key).then(function () {
        if ((response.ok && response.redirected) || recorded) {
          return { outcome: "sent", url: recorded ? null : response.url };
        }
        return response.text().then(function (html) {
          var doc = parse(html);
          return { outcome: "refused", doc: doc, reason: reasonIn(doc, response.status) };
        });
      });
    }, function () { return { outcome: "waiting" }; });
  }

  var flushing = null;
  function flush() {
    if (flushing) return flushing;
    flushing = all(QUEUE).then(function (waiting) {
      // In order, one at a time: a morning is sent after the session before it.
      return waiting.reduce(function (previous, entry) {
        return previous.then(function (stop) {
          if (stop) return true;
          return send(entry, false).then(function (result) {
            if (result.outcome === "waiting") return true;
            if (result.outcome === "sent") {
              lastSent.push(entry.label);
              anklet.announce && anklet.announce("Synced: " + entry.label + ".");
              return false;
            }
            return put(REFUSED, { key: entry.key, label: entry.label, page: entry.page,
              reason: result.reason, queuedAt: entry.queuedAt }).then(function () { return false; });
          });
        });
      }, Promise.resolve(false));
    }).catch(function () {}).then(function () {
      flushing = null;
      return render();
    });
    return flushing;
  }

  // Shows the server's page in place of this one's content (a form shown again with its
  // errors beside the fields), without leaving the page.
  function showPage(doc) {
    var main = doc.getElementById("main");
    var here = document.getElementById("main");
    if (!main || !here) return;
    here.replaceWith(document.adoptNode(main));
    document.title = doc.title;
    document.dispatchEvent(new CustomEvent("anklet:replaced"));
    var summary = document.getElementById("form-errors");
    (summary || document.getElementById("main")).focus && (summary || document.getElementById("main")).focus();
  }

  // A form marked data-sync ("the strength session of {date}") is sent by this script: at
  // once with a connection, else queued; the page says which.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-sync]") || !window.indexedDB) return;
    event.preventDefault();
    var day = form.elements.date ? form.elements.date.value : "";
    var entry = {
      key: newKey(),
      url: form.getAttribute("action"),
      body: new URLSearchParams(new FormData(form)).toString(),
      label: form.dataset.sync.replace("{date}", day),
      page: location.pathname + location.search,
      queuedAt: new Date().toISOString(),
    };
    var button = form.querySelector("[type=submit]");
    if (button) button.disabled = true;
    put(QUEUE, entry).then(function () {
      return send(entry, false);
    }).then(function (result) {
      if (result.outcome === "sent") {
        if (result.url) { location.assign(result.url); return; }
        lastSent.push(entry.label);
        return render();
      }
      if (result.outcome === "refused") { showPage(result.doc); return render(); }
      // No connection: kept. The form stays as typed, with its button saying so.
      if (button) button.textContent = "Waiting to sync";
      anklet.announce && anklet.announce("No connection: saved on this device, waiting to sync.");
      return render();
    }).catch(function () {
      // IndexedDB refused: send the form the ordinary way.
      if (button) button.disabled = false;
      form.submit();
    });
  });

  function localDay(d) {
    return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
  }
  // The athlete's pages, kept for offline use (sw.js keeps them once a day): Monday to Sunday.
  function thisWeek() {
    var today = new Date();
    var monday = new Date(today.getFullYear(), today.getMonth(), today.getDate() - ((today.getDay() + 6) % 7));
    var days = [];
    for (var i = 0; i < 7; i++) {
      days.push(localDay(new Date(monday.getFullYear(), monday.getMonth(), monday.getDate() + i)));
    }
    return days;
  }
  function keepAthlete(worker) {
    var found = /^\/athletes\/([a-z0-9-]{1,32})(\/|$)/.exec(location.pathname);
    if (!found || !worker) return;
    var channel = new MessageChannel();
    channel.port1.onmessage = function () { document.documentElement.dataset.offline = "ready"; };
    worker.postMessage({ type: "keep-athlete", handle: found[1], days: thisWeek() }, [channel.port2]);
  }

  if ("serviceWorker" in navigator) {
    // Only where the browser allows it (https, or this machine): elsewhere the queue still works.
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) { keepAthlete(registration.active); })
      .catch(function () { /* not a secure context, or refused: pages need the connection */ });
  }

  window.addEventListener("online", function () { flush(); });
  document.addEventListener("DOMContentLoaded", function () {
    render().then(function () { return all(QUEUE); }).then(function (waiting) {
      if (waiting && waiting.length && navigator.onLine !== false) flush();
    }).catch(function () {});
  });
  setInterval(function () {
    all(QUEUE).then(function (waiting) { if (waiting.length) flush(); }).catch(function () {});
  }, RETRY_MS);

  anklet.offline = { flush: flush, waiting: function () { return all(QUEUE); }, render: render };
})();
