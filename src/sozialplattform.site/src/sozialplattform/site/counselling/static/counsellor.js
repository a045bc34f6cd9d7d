/*
 * The counsellors' pages: the inbox (<centre>/beratung) and a conversation.
 *
 * The counsellor's private key exists on the server only wrapped with the passphrase;
 * in the browser it is a non-extractable CryptoKey in IndexedDB
 * ("counsellor:<kid>"). First use creates the key pair, a new device unlocks the
 * wrapped key once. Colleagues without an envelope get one from this browser
 * ("Zugang gewähren": re-wrapping the conversation key for their public key).
 */
import * as c from "./crypto.js";
import {
  Conversation, element, fingerprint, pageTexts, request, show, timeText, withQuery,
} from "./chat.js";

const MIN_PASSPHRASE = 12;

function strength(passphrase) {
  if (passphrase.length < MIN_PASSPHRASE) return "strength_short";
  const kinds = [/[a-zäöüß]/, /[A-ZÄÖÜ]/, /[0-9]/, /[^A-Za-z0-9äöüÄÖÜß]/]
    .filter((pattern) => pattern.test(passphrase)).length;
  return passphrase.length >= 20 || (passphrase.length >= 14 && kinds >= 3)
    ? "strength_good" : "strength_fair";
}

/** The unlocked private key {kid, privateKey}: from IndexedDB, or after set-up or
 * unlock by the forms of the keys macro (resolves once there is one). */
function ensureKey(root, t) {
  const setup = root.querySelector(".counselling-key-setup");
  const unlock = root.querySelector(".counselling-key-unlock");
  const error = root.querySelector(".counselling-key-error");
  const ready = root.querySelector(".counselling-key-ready");
  const status = root.querySelector(".counselling-status");
  const csrf = root.dataset.csrf;
  const failed = (text) => {
    error.textContent = text;
    show(error, true);
    error.focus();
  };
  ready.querySelector(".counselling-key-forget").addEventListener("click", async () => {
    const kid = ready.dataset.kid;
    if (kid) await c.deleteKey(`counsellor:${kid}`);
    location.reload();
  });
  const done = async (kid, privateKey, resolve) => {
    await c.saveKey(`counsellor:${kid}`, privateKey);
    show(setup, false);
    show(unlock, false);
    show(error, false);
    ready.querySelector("code").textContent = fingerprint(kid);
    ready.dataset.kid = kid;
    show(ready, true);
    resolve({ kid, privateKey });
  };
  return new Promise(async (resolve, reject) => {
    let mine;
    try {
      mine = await request(root.dataset.keys);
    } catch (failure) {
      status.textContent = t("load_failed");
      reject(failure);
      return;
    }
    const setUp = () => {
      show(setup, true);
      const hint = setup.querySelector(".counselling-strength");
      setup.elements.passphrase.addEventListener("input", () => {
        hint.textContent = t(strength(setup.elements.passphrase.value));
      });
      setup.addEventListener("submit", async (event) => {
        event.preventDefault();
        const passphrase = setup.elements.passphrase.value;
        if (passphrase.length < MIN_PASSPHRASE) {
          failed(t("strength_short"));
          return;
        }
        if (passphrase !== setup.elements.repeat.value) {
          failed(t("mismatch"));
          return;
        }
        setup.querySelector("button").disabled = true;
        status.textContent = t("creating");
        try {
          const keys = await c.createCounsellorKeys(passphrase);
          await request(root.dataset.keys, {
            method: "PUT",
            csrf,
            body: { public_key: keys.publicKey, wrapped_private_key: keys.wrappedPrivateKey },
          });
          setup.reset();
          status.textContent = t("key_ready");
          await done(keys.kid, keys.privateKey, resolve);
        } catch (failure) {
          status.textContent = "";
          setup.querySelector("button").disabled = false;
          failed(t("key_failed"));
        }
      });
    };
    const kid = mine.public_key && mine.public_key.kid;
    if (kid) {
      const stored = await c.loadKey(`counsellor:${kid}`).catch(() => undefined);
      if (stored) {
        ready.querySelector("code").textContent = fingerprint(kid);
        ready.dataset.kid = kid;
        show(ready, true);
        resolve({ kid, privateKey: stored });
        return;
      }
      show(unlock, true);
      // a forgotten passphrase: a new key pair after a confirmation (the server then
      // deletes the old key's envelopes; colleagues grant access again)
      const reset = root.querySelector(".counselling-key-reset");
      const confirmReset = root.querySelector(".counselling-key-reset-confirm");
      reset.addEventListener("click", () => {
        show(confirmReset, true);
        reset.setAttribute("aria-expanded", "true");
        confirmReset.querySelector(".counselling-confirm").focus();
      });
      confirmReset.querySelector(".counselling-cancel").addEventListener("click", () => {
        show(confirmReset, false);
        reset.setAttribute("aria-expanded", "false");
        reset.focus();
      });
      confirmReset.querySelector(".counselling-confirm").addEventListener("click", () => {
        show(confirmReset, false);
        show(unlock, false);
        show(error, false);
        setUp();
        setup.elements.passphrase.focus();
      });
      unlock.addEventListener("submit", async (event) => {
        event.preventDefault();
        status.textContent = t("unlocking");
        try {
          const privateKey = await c.unwrapPrivateKey(
            mine.wrapped_private_key, unlock.elements.passphrase.value,
          );
          unlock.elements.passphrase.value = "";
          status.textContent = t("key_ready");
          await done(kid, privateKey, resolve);
        } catch (failure) {
          status.textContent = "";
          failed(t("wrong_passphrase"));
        }
      });
      return;
    }
    setUp();
  });
}

/* --- the inbox ------------------------------------------------------------------ */

async function inbox(root) {
  const t = pageTexts(root);
  const api = root.dataset.api;
  const status = root.querySelector(".counselling-status");
  const section = root.querySelector(".counselling-conversations");
  const list = section.querySelector(".counselling-list");
  const empty = section.querySelector(".counselling-list-empty");
  const buttons = Array.from(section.querySelectorAll("[data-filter]"));
  let filter = "new";
  let shown = "";

  async function load(announce) {
    let data;
    try {
      data = await request(withQuery(`${api}/@conversations`, { filter }));
    } catch (error) {
      status.textContent = t("load_failed");
      return;
    }
    // unchanged: keep the list (and the focus in it)
    const snapshot = JSON.stringify([filter, data]);
    if (snapshot === shown) return;
    shown = snapshot;
    for (const button of buttons) {
      button.setAttribute("aria-pressed", String(button.dataset.filter === filter));
      button.querySelector(".counselling-count").textContent =
        (data.counts && data.counts[button.dataset.filter]) || 0;
    }
    list.replaceChildren(...data.items.map((item) => {
      const li = element("li", "counselling-item");
      const link = element("a", "", item.pseudonym);
      link.href = item["@id"];
      li.appendChild(link);
      const details = [
        item.topic_title || item.topic,
        t(`state_${item.state}`),
        item.assignee ? t("assigned", { name: item.assignee_title || item.assignee })
          : t("unassigned"),
        timeText(item.modified),
      ];
      li.appendChild(element("p", "mb-0", details.filter(Boolean).join(" · ")));
      if (item.unread) {
        li.appendChild(element("span", "badge chat-new", t("unread", { count: item.unread })));
      }
      return li;
    }));
    show(empty, !data.items.length);
    show(section, true);
    if (announce) status.textContent = t("shown", { count: data.items.length });
  }

  for (const button of buttons) {
    button.addEventListener("click", () => {
      filter = button.dataset.filter;
      load(true);
    });
  }
  await load(false);
  setInterval(() => {
    if (document.visibilityState === "visible") load(false);
  }, 30000);

  const key = await ensureKey(root, t);
  await offerGrants(root, t, key);
}

/** The banner "N Kolleg:innen warten auf Zugang" and its button. */
async function offerGrants(root, t, key) {
  const banner = root.querySelector(".counselling-grant");
  const api = root.dataset.api;
  let missing;
  try {
    missing = await request(withQuery(`${api}/@counselling-envelopes`, { missing: 1 }));
  } catch (error) {
    return;
  }
  const items = (missing.items || []).filter(
    (item) => item.envelope && item.recipients && item.recipients.length,
  );
  const recipients = new Map();
  for (const item of items) {
    for (const recipient of item.recipients) recipients.set(recipient.kid, recipient);
  }
  if (!recipients.size) {
    show(banner, false);
    return;
  }
  banner.querySelector("h2").textContent = t("waiting", { count: recipients.size });
  banner.querySelector("ul").replaceChildren(
    ...Array.from(recipients.keys()).map((kid) => element("li", "", fingerprint(kid))),
  );
  show(banner, true);
  const button = banner.querySelector("button");
  button.onclick = async () => {
    button.disabled = true;
    const status = root.querySelector(".counselling-status");
    try {
      const envelopes = [];
      for (const item of items) {
        for (const recipient of item.recipients) {
          envelopes.push(await c.rewrapConversationKey(item.envelope, key.privateKey, recipient));
        }
      }
      await request(`${api}/@counselling-envelopes`, {
        method: "POST", csrf: root.dataset.csrf, body: { envelopes },
      });
      status.textContent = t("granted", { count: items.length });
      show(banner, false);
    } catch (error) {
      status.textContent = t("grant_failed");
      button.disabled = false;
    }
  };
}

/* --- a conversation --------------------------------------------------------------- */

async function conversationPage(root) {
  const t = pageTexts(root);
  const api = root.dataset.api;
  const csrf = root.dataset.csrf;
  const status = root.querySelector(".counselling-status");
  const body = root.querySelector(".counselling-body");
  const counsellors = JSON.parse(root.dataset.counsellors || "[]");
  const names = Object.fromEntries(counsellors.map((person) => [person.id, person.title]));
  const me = root.dataset.user;
  const colleagues = counsellors.filter((person) => person.id !== me);
  const key = await ensureKey(root, t);
  let data;
  try {
    data = await request(`${api}/@messages`);
  } catch (error) {
    status.textContent = error.status === 404 ? t("gone") : t("load_failed");
    return;
  }
  if (!data.envelope) {
    status.textContent = t("no_envelope");
    return;
  }
  let conversationKey;
  try {
    conversationKey = await c.unwrapConversationKey(data.envelope, key.privateKey, {
      conversation: data.conversation,
    });
  } catch (error) {
    status.textContent = t("no_envelope");
    return;
  }
  const details = (state) => {
    root.querySelector(".counselling-state").textContent = t(`state_${state.state}`);
    root.querySelector(".counselling-assignee").textContent = state.assignee
      ? state.assignee_title || names[state.assignee] || state.assignee
      : t("unassigned");
    const open = state.state === "open";
    show(root.querySelector(".counselling-take"), open && state.assignee !== me);
    show(root.querySelector(".counselling-close"), open);
    show(root.querySelector(".counselling-reopen"), !open);
    show(root.querySelector(".counselling-offer-video"), open && !state.video);
    show(root.querySelector(".counselling-handover"), open && colleagues.length > 0);
    show(root.querySelector(".counselling-video"), open && Boolean(state.video));
  };
  details(data);
  const chat = new Conversation({
    root,
    key: conversationKey,
    conversation: data.conversation,
    role: "counsellor",
    t,
    seen: Number(root.dataset.seen || 0),
    markRead: (cursor) =>
      request(`${api}/@messages-read`, { method: "POST", csrf, body: { cursor } }),
    labels: { seeker: data.pseudonym || t("seeker"), counsellor: t("you") },
    messagesUrl: (since) => withQuery(`${api}/@messages`, { since }),
    attachmentUrl: (cursor, index) => withQuery(`${api}/@attachment`, { cursor, index }),
    postMessages: (message) => request(`${api}/@messages`, { method: "POST", csrf, body: message }),
    extend: (message) => message,
    onState: details,
    onGone: () => {
      body.remove();
      status.textContent = t("gone");
    },
  });
  show(body, true);
  await chat.start(data);

  const act = async (endpoint, payload, done) => {
    try {
      await request(`${api}/${endpoint}`, { method: "POST", csrf, body: payload });
      await chat.poll(false);
      status.textContent = t(done);
    } catch (error) {
      status.textContent = t("action_failed");
    }
  };
  root.querySelector(".counselling-take").addEventListener("click", () =>
    act("@conversation-assign", { to: me }, "taken"));
  root.querySelector(".counselling-close").addEventListener("click", () =>
    act("@conversation-close", {}, "closed"));
  root.querySelector(".counselling-reopen").addEventListener("click", () =>
    act("@conversation-reopen", {}, "reopened"));
  root.querySelector(".counselling-offer-video").addEventListener("click", async () => {
    await act("@conversation-video", {}, "video_offered");
    root.querySelector(".counselling-video a").focus();
  });
  root.querySelector(".counselling-handover").addEventListener("submit", (event) => {
    event.preventDefault();
    act("@conversation-assign", { to: event.target.elements.colleague.value }, "handed_over");
  });
}

const inboxRoot = document.querySelector(".counselling-inbox[data-api]");
if (inboxRoot) inbox(inboxRoot);
const conversationRoot = document.querySelector(".counselling-conversation[data-api]");
if (conversationRoot) conversationPage(conversationRoot);
