/*
 * What the seeker's and the counsellor's pages share: texts from the page, JSON
 * requests to our own REST API, the message list with decryption, attachments,
 * the reply box and live polling (every 2 s while the tab is visible, backing off to
 * 30 s while it is hidden). An ES module without a build step; the cryptography is
 * crypto.js. Nothing here ever sends a key: requests carry ciphertext only.
 */
import * as c from "./crypto.js";

export const POLL_VISIBLE = 2000;
export const POLL_HIDDEN_MAX = 30000;
export const ALLOWED_TYPES = ["application/pdf", "image/jpeg", "image/png"];

/** The first bytes of each allowed type: a decrypted attachment must start so. */
const MAGIC = {
  "application/pdf": [0x25, 0x50, 0x44, 0x46, 0x2d], // %PDF-
  "image/jpeg": [0xff, 0xd8, 0xff],
  "image/png": [0x89, 0x50, 0x4e, 0x47],
};
const EXTENSIONS = { "application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png" };

/** A decrypted attachment is offered only with an allowed type and matching bytes
 * (the other side's browser could be anything: no HTML or script as a "PDF"). */
export function acceptable(file) {
  const magic = MAGIC[file.type];
  return Boolean(magic) && file.data.length >= magic.length
    && magic.every((byte, index) => file.data[index] === byte);
}

/** The name to save under: no path separators or control characters, the extension
 * from the (checked) type. */
export function downloadName(file) {
  // eslint-disable-next-line no-control-regex
  let stem = String(file.name || "").replace(/[\/\\\u0000-\u001f\u007f-\u009f]/g, "_");
  stem = stem.replace(/\.[A-Za-z0-9]{1,5}$/, "").replace(/^[.\s]+/, "").trim();
  return `${(stem || "anhang").slice(0, 120)}${EXTENSIONS[file.type]}`;
}

/* --- texts of the page (a <template class="counselling-texts">) --------------- */

export function pageTexts(root) {
  const texts = {};
  const template = root.querySelector("template.counselling-texts");
  if (template) {
    template.content.querySelectorAll("[data-key]").forEach((element) => {
      texts[element.dataset.key] = element.textContent.replace(/\s+/g, " ").trim();
    });
  }
  return (key, values = {}) =>
    (texts[key] || key).replace(/\{(\w+)\}/g, (_, name) => values[name] ?? "");
}

/* --- JSON requests to our own API --------------------------------------------- */

/** A refused request: `status` and the server's error `type` (pages show their own
 * texts by these, never the server's English `message`). */
export class ApiError extends Error {
  constructor(status, type, message) {
    super(message || `HTTP ${status}`);
    this.name = "ApiError";
    this.status = status;
    this.type = type || "";
  }
}

/** The page's text for a refused send: the daily attachment limit, too many
 * messages, otherwise "sending failed". */
export function sendFailedText(t, error) {
  if (error && error.status === 429) {
    return error.type === "AttachmentLimit" ? t("attachment_limit") : t("throttled");
  }
  return t("send_failed");
}

export async function request(url, { method = "GET", body, csrf } = {}) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (csrf) headers["X-CSRF-TOKEN"] = csrf;
  const response = await fetch(url, {
    method,
    headers,
    credentials: "same-origin",
    cache: "no-store",
    referrerPolicy: "no-referrer",
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  let data = null;
  if (response.status !== 204) {
    try {
      data = await response.json();
    } catch (error) {
      data = null;
    }
  }
  if (!response.ok) {
    const error = (data && data.error) || {};
    throw new ApiError(response.status, error.type, error.message);
  }
  return data;
}

export function withQuery(url, params) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null) query.set(name, String(value));
  }
  const text = query.toString();
  return text ? `${url}${url.includes("?") ? "&" : "?"}${text}` : url;
}

/* --- small helpers ------------------------------------------------------------ */

export function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export function show(node, visible = true) {
  if (node) node.hidden = !visible;
}

export function sizeText(bytes) {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1).replace(".", ",")} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}

export function timeText(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  return date.toLocaleString(document.documentElement.lang || "de", {
    day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit",
  });
}

/** Groups of four characters, for comparing key ids by eye. */
export function fingerprint(kid) {
  return String(kid).match(/.{1,4}/g).join(" ");
}

/** A message's text fits into one message (20,000 bytes of ciphertext). */
export function tooLong(text) {
  return new TextEncoder().encode(text).length + 16 > c.MAX_MESSAGE_CIPHERTEXT;
}

/** Check the chosen files (count, type, size) → an error text or "". */
export function checkFiles(files, max, t) {
  if (files.length > max) return t("too_many_files");
  for (const file of files) {
    if (!ALLOWED_TYPES.includes(file.type)) return t("bad_file_type", { name: file.name });
    if (file.size > c.MAX_ATTACHMENT_BYTES) return t("file_too_big", { name: file.name });
  }
  return "";
}

/** Encrypt the files as attachments 0, 1, … of message `seq`. */
export async function encryptFiles(key, files, { conversation, role, seq }) {
  const attachments = [];
  for (const [index, file] of Array.from(files).entries()) {
    const bytes = new Uint8Array(await file.arrayBuffer());
    attachments.push(
      await c.encryptAttachment(
        key, bytes, { name: file.name, type: file.type },
        { conversation, role, seq, index },
      ),
    );
  }
  return attachments;
}

/* --- a conversation on the page ----------------------------------------------- */

/**
 * The message list, the reply box and polling of one conversation.
 *
 * options: root (the page's element), key (the conversation key, a CryptoKey),
 * conversation (id), role ("seeker" or "counsellor": who writes here), t (texts),
 * messagesUrl(since) → URL of GET @messages, postMessages(body) → Promise of the POST,
 * attachmentUrl(cursor, index), labels {seeker, counsellor} for the senders,
 * extend(body) adds the token etc. to a POST body, onState(data) after each poll,
 * seen (the highest cursor read before), onSeen(cursor), markRead(cursor) → Promise
 * (POST @messages-read).
 */
export class Conversation {
  constructor(options) {
    Object.assign(this, options);
    this.list = this.root.querySelector(".chat-messages");
    this.announcer = this.root.querySelector(".chat-announcer");
    this.empty = this.root.querySelector(".chat-empty");
    this.warning = this.root.querySelector(".chat-sequence-warning");
    this.form = this.root.querySelector(".chat-reply");
    this.cursor = 0;
    this.sequence = { seeker: 1, counsellor: 1 };
    this.nextSeq = 1;
    this.state = "open";
    this.timer = null;
    this.delay = POLL_VISIBLE;
    this.stopped = false;
    this.busy = false;
    if (this.form) this.form.addEventListener("submit", (event) => this.send(event));
    this.onVisibility = () => {
      if (document.visibilityState === "visible") {
        if (this.pendingRead) this.read(this.pendingRead);
        this.pendingRead = 0;
        this.delay = POLL_VISIBLE;
        this.schedule(0);
      }
    };
    document.addEventListener("visibilitychange", this.onVisibility);
  }

  /** Show `initial` (a first GET @messages without `since`, if the page has one)
   * or fetch it, then poll. */
  async start(initial) {
    if (initial) {
      await this.apply(initial, true);
    } else {
      await this.poll(true);
    }
    this.schedule();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    document.removeEventListener("visibilitychange", this.onVisibility);
  }

  schedule(delay) {
    clearTimeout(this.timer);
    if (this.stopped) return;
    if (delay === undefined) {
      if (document.visibilityState === "visible") {
        if (this.pendingRead) this.read(this.pendingRead);
        this.pendingRead = 0;
        this.delay = POLL_VISIBLE;
      } else {
        this.delay = Math.min(this.delay * 2, POLL_HIDDEN_MAX);
      }
      delay = this.delay;
    }
    this.timer = setTimeout(async () => {
      try {
        await this.poll(false);
      } catch (error) {
        if (error.status === 404) {
          this.stop();
          if (this.onGone) this.onGone();
          return;
        }
      }
      this.schedule();
    }, delay);
  }

  /** Fetch what is new since the last cursor and show it. */
  poll(first) {
    // one request at a time: a second caller waits for the running one
    if (!this.inflight) {
      this.inflight = request(this.messagesUrl(first ? undefined : this.cursor))
        .then((data) => this.apply(data, first))
        .finally(() => {
          this.inflight = null;
        });
    }
    return this.inflight;
  }

  async apply(data, first) {
    await this.add(data.items || [], first);
    this.cursor = Math.max(this.cursor, data.cursor || 0);
    this.nextSeq = data.next_seq;
    this.state = data.state;
    if (this.onState) this.onState(data);
    if (this.form) show(this.form, data.state === "open");
  }

  async add(items, first) {
    items = items.filter((item) => item.cursor > this.cursor);
    if (!items.length) {
      if (first) show(this.empty, true);
      return;
    }
    show(this.empty, false);
    const { problems, next } = c.checkSequence(
      items.map((item) => item.message), this.sequence,
    );
    this.sequence = next;
    if (problems.length) show(this.warning, true);
    let incoming = 0;
    for (const item of items) {
      const mine = item.message.role === this.role;
      const fresh = !mine && item.cursor > (this.seen || 0);
      this.list.appendChild(await this.render(item, fresh));
      if (!mine && !first) incoming += 1;
      this.cursor = Math.max(this.cursor, item.cursor);
    }
    if (incoming) this.announcer.textContent = this.t("new_messages", { count: incoming });
    const last = this.list.lastElementChild;
    if (last && (first || incoming)) last.scrollIntoView({ block: "nearest" });
    this.seen = Math.max(this.seen || 0, this.cursor);
    if (this.onSeen) this.onSeen(this.seen);
    const theirs = items.filter((item) => item.message.role !== this.role);
    if (theirs.length) this.read(theirs[theirs.length - 1].cursor);
  }

  /** Tell the server what was read (a write only when something new was shown). */
  read(cursor) {
    if (!this.markRead || cursor <= (this.marked || 0)) return;
    if (document.visibilityState !== "visible") {
      this.pendingRead = cursor;
      return;
    }
    this.marked = cursor;
    this.markRead(cursor).catch(() => {
      this.marked = 0;
    });
  }

  async render(item, fresh) {
    const { message } = item;
    const mine = message.role === this.role;
    const li = element("li", `chat-message chat-${message.role}${mine ? " chat-mine" : ""}`);
    li.dataset.cursor = item.cursor;
    const head = element("p", "chat-meta");
    head.appendChild(element("span", "chat-sender", this.labels[message.role]));
    head.appendChild(document.createTextNode(" "));
    const time = element("time", "chat-time", timeText(item.created));
    time.dateTime = item.created;
    head.appendChild(time);
    if (fresh) {
      head.appendChild(document.createTextNode(" "));
      head.appendChild(element("span", "badge chat-new", this.t("new")));
      li.classList.add("chat-fresh");
    }
    li.appendChild(head);
    let text;
    try {
      text = (await c.decryptMessage(this.key, message, { conversation: this.conversation })).text;
    } catch (error) {
      li.appendChild(element("p", "chat-undecryptable", this.t("undecryptable")));
      return li;
    }
    if (text) li.appendChild(element("p", "chat-text", text));
    const attachments = item.attachments || [];
    if (attachments.length) {
      const ul = element("ul", "chat-attachments");
      for (const attachment of attachments) {
        const entry = element("li");
        const button = element(
          "button", "btn btn-outline-secondary btn-sm chat-attachment",
          this.t("attachment", { number: attachment.index + 1, size: sizeText(attachment.size) }),
        );
        button.type = "button";
        button.addEventListener("click", () => this.open(entry, button, item, attachment));
        entry.appendChild(button);
        ul.appendChild(entry);
      }
      li.appendChild(ul);
    }
    return li;
  }

  /** Fetch and decrypt an attachment; a download link with its name replaces the button. */
  async open(entry, button, item, attachment) {
    button.disabled = true;
    try {
      const object = await request(this.attachmentUrl(item.cursor, attachment.index));
      const file = await c.decryptAttachment(this.key, object, {
        conversation: this.conversation, role: item.message.role,
        seq: item.message.seq, index: attachment.index,
      });
      if (!acceptable(file)) {
        button.disabled = false;
        this.announcer.textContent = this.t("attachment_refused");
        return;
      }
      const name = downloadName(file);
      const link = element("a", "chat-attachment-link", `${name} (${sizeText(file.data.length)})`);
      link.href = URL.createObjectURL(new Blob([file.data], { type: file.type }));
      link.download = name;
      entry.replaceChildren(link);
      link.focus();
      this.announcer.textContent = this.t("attachment_ready", { name });
    } catch (error) {
      button.disabled = false;
      this.announcer.textContent = this.t("attachment_failed");
    }
  }

  /** Encrypt and post the reply box's text and files (409: re-encrypt with the next seq). */
  async send(event) {
    event.preventDefault();
    if (this.busy) return;
    const textarea = this.form.querySelector("textarea");
    const fileInput = this.form.querySelector("input[type=file]");
    const error = this.form.querySelector(".chat-reply-error");
    const text = textarea.value.trim();
    const files = fileInput ? Array.from(fileInput.files) : [];
    let problem = checkFiles(files, Number(this.root.dataset.maxAttachments || 3), this.t);
    if (!text && !files.length) problem = this.t("required_message");
    if (tooLong(text)) problem = this.t("too_long");
    error.textContent = problem;
    show(error, Boolean(problem));
    if (problem) {
      textarea.focus();
      return;
    }
    this.busy = true;
    const button = this.form.querySelector("button[type=submit]");
    button.disabled = true;
    this.announcer.textContent = this.t("sending");
    try {
      for (let attempt = 0; ; attempt += 1) {
        const seq = this.nextSeq;
        const context = { conversation: this.conversation, role: this.role, seq };
        const body = this.extend({
          message: await c.encryptMessage(this.key, text, context),
          attachments: await encryptFiles(this.key, files, context),
        });
        try {
          await this.postMessages(body);
          break;
        } catch (failure) {
          if (failure.status !== 409 || attempt > 1) throw failure;
          await this.poll(false);
        }
      }
      textarea.value = "";
      if (fileInput) fileInput.value = "";
      this.announcer.textContent = this.t("sent");
      await this.poll(false);
      textarea.focus();
    } catch (failure) {
      error.textContent = sendFailedText(this.t, failure);
      show(error, true);
    } finally {
      this.busy = false;
      button.disabled = false;
    }
  }
}
