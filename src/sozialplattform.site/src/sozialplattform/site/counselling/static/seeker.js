/*
 * The seeker's pages: the start page (<centre>/@@online-counselling) creates the
 * conversation in the browser and shows the secret link once; the conversation page
 * (/Plone/@@beratung#<token>.<key>) reads and answers.
 *
 * The key part of the link lives only in location.hash: it goes into no request,
 * no log, no error message. Requests carry the token (the server's access token) and
 * ciphertext only.
 */
import * as c from "./crypto.js";
import {
  Conversation, checkFiles, encryptFiles, pageTexts, request, sendFailedText, show, tooLong,
  withQuery,
} from "./chat.js";

/* --- the start page ----------------------------------------------------------- */

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

function weekdayText(t, hours) {
  const names = t("weekdays").split(",");
  return hours
    .map((slot) => {
      const day = typeof slot.weekday === "number" ? slot.weekday : DAYS.indexOf(slot.day);
      return `${names[day] || ""} ${slot.start}–${slot.end}`;
    })
    .join(", ");
}

function showInfo(root, t, data) {
  const reply = root.querySelector(".counselling-reply-info");
  if (reply && data.reply_days) {
    reply.textContent = data.reply_days === 1
      ? t("reply_day") : t("reply_days", { days: data.reply_days });
    show(reply, true);
  }
  const hours = root.querySelector(".counselling-chat-hours");
  if (hours && data.chat_hours && data.chat_hours.length) {
    hours.textContent = t("chat_hours", { hours: weekdayText(t, data.chat_hours) });
    show(hours, true);
  }
  const absence = root.querySelector(".counselling-absence");
  if (absence && data.absence_notice) {
    absence.textContent = data.absence_notice;
    show(absence, true);
  }
}

function fail(errorBox, text) {
  errorBox.textContent = text;
  show(errorBox, true);
  errorBox.focus();
}

async function startPage(root) {
  const t = pageTexts(root);
  const api = root.dataset.api;
  const form = root.querySelector(".counselling-form");
  const errorBox = root.querySelector(".counselling-error");
  const status = root.querySelector(".counselling-status");
  let keys;
  try {
    keys = await request(`${api}/@counselling-keys`);
  } catch (error) {
    fail(errorBox, t("load_failed"));
    return;
  }
  showInfo(root, t, keys);
  if (!keys.items || !keys.items.length) {
    status.textContent = t("no_counsellors");
    return;
  }
  const select = form.querySelector("select[name=topic]");
  if (select && keys.topics && keys.topics.length) {
    const chosen = select.value;
    select.querySelectorAll("option[value]:not([value=''])").forEach((o) => o.remove());
    for (const topic of keys.topics) {
      select.appendChild(new Option(topic.title, topic.token, false, topic.token === chosen));
    }
  }
  show(form, true);

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const field = (name) => form.elements[name];
    const pseudonym = field("pseudonym").value.trim();
    const text = field("message").value.trim();
    const files = Array.from(field("files").files);
    const emailField = field("email");
    const checks = [
      [!pseudonym, "pseudonym", t("required_pseudonym")],
      [select && !select.value, "topic", t("required_topic")],
      [!text, "message", t("required_message")],
      [tooLong(text), "message", t("too_long")],
      [emailField && !emailField.validity.valid, "email", t("bad_email")],
      [!field("consent").checked, "consent", t("required_consent")],
      [true, "files", checkFiles(files, Number(root.dataset.maxAttachments || 3), t)],
    ];
    form.querySelectorAll("[aria-invalid]").forEach((input) => input.removeAttribute("aria-invalid"));
    const problems = checks.filter(([bad, , message]) => bad && message);
    if (problems.length) {
      for (const [, name] of problems) field(name).setAttribute("aria-invalid", "true");
      fail(errorBox, problems.map(([, , message]) => message).join(" "));
      return;
    }
    show(errorBox, false);
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    status.textContent = t("sending");
    try {
      const key = await c.createConversationKey();
      let answer;
      let refetched = false;
      for (let attempt = 0; ; attempt += 1) {
        const conversation = c.createConversationId();
        const context = { conversation, role: "seeker", seq: 1 };
        const envelopes = [];
        for (const publicKey of keys.items) {
          envelopes.push(await c.wrapConversationKey(key, publicKey, conversation));
        }
        const body = {
          conversation,
          pseudonym,
          topic: select ? select.value : undefined,
          consent: true,
          message: await c.encryptMessage(key, text, context),
          attachments: await encryptFiles(key, files, context),
          envelopes,
        };
        const email = emailField ? emailField.value.trim() : "";
        if (email) body.email = email;
        try {
          answer = await request(`${api}/@conversations`, { method: "POST", body });
          break;
        } catch (error) {
          if (error.status === 400 && (error.type === "KeysChanged" || error.type === "NotReady")
              && !refetched) {
            // a counsellor set up or replaced a key meanwhile: wrap for the current keys
            refetched = true;
            keys = await request(`${api}/@counselling-keys`);
            if (!keys.items || !keys.items.length) throw error;
            continue;
          }
          if (error.status !== 409 || attempt > 1) throw error;
        }
      }
      const link = `${answer.url}#${c.linkFragment(answer.token, await c.exportLinkKey(key))}`;
      status.textContent = "";
      showLink(root, t, link);
    } catch (error) {
      status.textContent = "";
      button.disabled = false;
      const noCounsellors = error.status === 400
        && (error.type === "KeysChanged" || error.type === "NotReady");
      fail(errorBox, noCounsellors ? t("no_counsellors") : sendFailedText(t, error));
    }
  });
}

function showLink(root, t, link) {
  root.querySelector(".counselling-form").remove();
  const section = root.querySelector(".counselling-link");
  const input = section.querySelector(".counselling-link-value");
  const status = root.querySelector(".counselling-status");
  input.value = link;
  section.querySelector(".counselling-open").href = link;
  show(section, true);
  section.querySelector("h2").focus();
  section.querySelector(".counselling-copy").addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(link);
      status.textContent = t("copied");
    } catch (error) {
      input.select();
      status.textContent = t("copy_failed");
    }
  });
  section.querySelector(".counselling-save").addEventListener("click", () => {
    const text = `${t("link_file")}\r\n\r\n${link}\r\n`;
    const a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" }));
    a.download = "online-beratung-link.txt";
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  });
}

/* --- the conversation page ---------------------------------------------------- */

function confirmation(root, selector, action) {
  const panel = root.querySelector(selector);
  const opener = root.querySelector(`[aria-controls="${panel.id}"]`);
  opener.addEventListener("click", () => {
    show(panel, true);
    opener.setAttribute("aria-expanded", "true");
    panel.querySelector("button.counselling-confirm").focus();
  });
  panel.querySelector("button.counselling-cancel").addEventListener("click", () => {
    show(panel, false);
    opener.setAttribute("aria-expanded", "false");
    opener.focus();
  });
  panel.querySelector("button.counselling-confirm").addEventListener("click", action);
}

/** In-page links ("Zum Inhalt springen": #content) would replace the fragment and so
 * the key in the address bar (a reload could not open the conversation): go to the
 * target, put the link back. */
function keepLink(fragment) {
  window.addEventListener("hashchange", () => {
    if (location.hash === fragment) return;
    const target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    history.replaceState(null, "", `${location.pathname}${location.search}${fragment}`);
    if (target) {
      if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
      target.focus();
    }
  });
}

/** Outside the chat hours: when an answer comes and, if the centre has chat hours,
 * which they are; without chat hours only the answer time (no "outside the chat hours"
 * for ever). */
export function answerTimeText(t, data) {
  const days = data.reply_days || 2;
  const slots = data.chat_hours || [];
  if (!slots.length) return days === 1 ? t("reply_day") : t("reply_days", { days });
  const outside = days === 1 ? t("out_of_hours_day") : t("out_of_hours", { days });
  return `${outside} ${t("chat_hours", { hours: weekdayText(t, slots) })}`;
}

async function conversationPage(root) {
  const t = pageTexts(root);
  const api = root.dataset.api;
  const status = root.querySelector(".counselling-status");
  const body = root.querySelector(".counselling-body");
  let link;
  let key;
  try {
    link = c.parseLinkFragment(location.hash);
    key = await c.importLinkKey(link.key);
  } catch (error) {
    status.textContent = t("bad_link");
    return;
  }
  const token = link.token;
  keepLink(location.hash);
  const seenName = (conversation) => `sozialplattform.counselling.seen.${conversation}`;
  let first;
  try {
    first = await request(withQuery(`${api}/@messages`, { token }));
  } catch (error) {
    status.textContent = error.status === 404 ? t("gone") : t("load_failed");
    return;
  }
  const conversation = first.conversation;
  let seen = 0;
  try {
    seen = Number(localStorage.getItem(seenName(conversation)) || 0);
  } catch (error) {
    seen = 0;
  }
  const gone = (text) => {
    chat.stop();
    body.remove();
    status.textContent = text;
  };
  const chat = new Conversation({
    root,
    key,
    conversation,
    role: "seeker",
    t,
    seen,
    labels: { seeker: t("you"), counsellor: t("centre") },
    messagesUrl: (since) => withQuery(`${api}/@messages`, { token, since }),
    attachmentUrl: (cursor, index) => withQuery(`${api}/@attachment`, { token, cursor, index }),
    postMessages: (data) => request(`${api}/@messages`, { method: "POST", body: data }),
    extend: (data) => ({ token, ...data }),
    onSeen: (cursor) => {
      try {
        localStorage.setItem(seenName(conversation), String(cursor));
      } catch (error) {
        /* private mode: nothing is marked as read next time */
      }
    },
    markRead: (cursor) =>
      request(`${api}/@messages-read`, { method: "POST", body: { token, cursor } }),
    onGone: () => gone(t("gone")),
    onState: (data) => {
      show(root.querySelector(".counselling-closed"), data.state !== "open");
      show(root.querySelector(".counselling-end-button"), data.state === "open");
      const hours = root.querySelector(".counselling-out-of-hours");
      hours.textContent = answerTimeText(t, data);
      show(hours, data.state === "open" && !data.in_chat_hours);
      const absence = root.querySelector(".counselling-absence");
      absence.textContent = data.absence_notice || "";
      show(absence, data.state === "open" && Boolean(data.absence_notice));
      const video = root.querySelector(".counselling-video");
      video.querySelector("a").href = withQuery(`${root.dataset.portal}/@@video`, { token });
      show(video, Boolean(data.video) && data.state === "open");
    },
  });
  show(body, true);
  await chat.start(first);

  confirmation(root, "#counselling-end-confirm", async () => {
    try {
      await request(`${api}/@conversation-close`, { method: "POST", body: { token } });
      show(root.querySelector("#counselling-end-confirm"), false);
      await chat.poll(false);
      status.textContent = t("ended");
    } catch (error) {
      status.textContent = t("send_failed");
    }
  });
  confirmation(root, "#counselling-delete-confirm", async () => {
    try {
      await request(withQuery(`${api}/@conversations`, { token }), { method: "DELETE" });
    } catch (error) {
      if (error.status !== 404) {
        status.textContent = t("send_failed");
        return;
      }
    }
    try {
      localStorage.removeItem(seenName(conversation));
    } catch (error) {
      /* nothing stored */
    }
    // the key out of the address bar: there is nothing left to open with it
    history.replaceState(null, "", location.pathname);
    gone(t("deleted"));
    status.focus();
  });
}

const start = document.querySelector(".counselling-start[data-api]");
if (start) startPage(start);
const seeker = document.querySelector(".counselling-seeker[data-api]");
if (seeker) conversationPage(seeker);
