/* The video room page (@@video): device check, then Jitsi's IFrame API on "Join".
 *
 * Nothing is requested from the Jitsi server before the click: the token comes from
 * our own @jitsi-token, then external_api.js from the configured domain. */
(function () {
  "use strict";

  var root = document.querySelector(".sozialplattform-video[data-domain]");
  if (!root) {
    return;
  }
  var status = root.querySelector(".video-check-status");
  var messages = {};
  var template = root.querySelector("template.video-check-messages");
  if (template) {
    template.content.querySelectorAll("[data-key]").forEach(function (element) {
      messages[element.dataset.key] = element.textContent.replace(/\s+/g, " ").trim();
    });
  }

  function say(key, text) {
    status.textContent = text || messages[key] || "";
  }

  /* --- microphone and camera check (getUserMedia; nothing leaves the browser) --- */
  var checkButton = root.querySelector(".video-check-start");
  var stopButton = root.querySelector(".video-check-stop");
  var result = root.querySelector(".video-check-result");
  var help = root.querySelector(".video-check-help");
  var preview = root.querySelector(".video-check-preview");
  var meter = root.querySelector("#video-check-level");
  var stream = null;
  var audioContext = null;
  var frame = null;

  function stopCheck() {
    if (frame) {
      cancelAnimationFrame(frame);
      frame = null;
    }
    if (stream) {
      stream.getTracks().forEach(function (track) {
        track.stop();
      });
      stream = null;
    }
    if (audioContext) {
      audioContext.close();
      audioContext = null;
    }
    if (preview) {
      preview.srcObject = null;
    }
    if (result) {
      result.hidden = true;
    }
  }

  function showLevel(media) {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context || !meter) {
      return;
    }
    audioContext = new Context();
    var analyser = audioContext.createAnalyser();
    analyser.fftSize = 512;
    audioContext.createMediaStreamSource(media).connect(analyser);
    var samples = new Uint8Array(analyser.fftSize);
    function tick() {
      analyser.getByteTimeDomainData(samples);
      var peak = 0;
      for (var i = 0; i < samples.length; i++) {
        peak = Math.max(peak, Math.abs(samples[i] - 128));
      }
      meter.value = Math.min(100, Math.round((peak / 128) * 200));
      frame = requestAnimationFrame(tick);
    }
    tick();
  }

  function failed(error) {
    var name = error && error.name;
    if (name === "NotAllowedError" || name === "SecurityError" || name === "NotReadableError") {
      say("blocked");
      help.hidden = false;
    } else {
      say("none");
    }
  }

  function check() {
    stopCheck();
    help.hidden = true;
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      say("unsupported");
      return;
    }
    navigator.mediaDevices
      .getUserMedia({ audio: true, video: true })
      .then(function (media) {
        return { media: media, camera: true };
      })
      .catch(function (error) {
        if (error.name !== "NotFoundError" && error.name !== "OverconstrainedError") {
          throw error;
        }
        return navigator.mediaDevices
          .getUserMedia({ audio: true })
          .then(function (media) {
            return { media: media, camera: false };
          });
      })
      .then(function (found) {
        stream = found.media;
        result.hidden = false;
        preview.hidden = !found.camera;
        if (found.camera) {
          preview.srcObject = stream;
        }
        showLevel(stream);
        say(found.camera ? "ok" : "audio");
      })
      .catch(failed);
  }

  if (checkButton) {
    checkButton.addEventListener("click", check);
  }
  if (stopButton) {
    stopButton.addEventListener("click", function () {
      stopCheck();
      say("", "");
      checkButton.focus();
    });
  }

  /* --- joining: our token service, then Jitsi's IFrame API --- */
  var joinButton = root.querySelector(".video-join-button");
  var container = root.querySelector(".video-frame");
  var options = JSON.parse(root.dataset.options || "{}");

  function loadScript(url) {
    return new Promise(function (resolve, reject) {
      if (window.JitsiMeetExternalAPI) {
        resolve();
        return;
      }
      var script = document.createElement("script");
      script.src = url;
      script.async = true;
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  var tokenUrl = root.dataset.tokenUrl;
  var pageUrl = window.location.href;

  /* The visitor's secret link is in the URL: out of the address bar and the page
   * while Jitsi's script runs in it; back afterwards (a reload still works). */
  function hideLink() {
    root.removeAttribute("data-token-url");
    if (/[?&]token=/.test(window.location.search) && window.history.replaceState) {
      window.history.replaceState(null, "", window.location.pathname);
    }
  }

  function restoreLink() {
    if (window.location.href !== pageUrl && window.history.replaceState) {
      window.history.replaceState(null, "", pageUrl);
    }
  }

  function join() {
    stopCheck();
    joinButton.disabled = true;
    say("joining");
    fetch(tokenUrl, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.json().then(function (data) {
          if (!response.ok) {
            throw new Error((data.error && data.error.message) || "");
          }
          return data;
        });
      })
      .then(function (admission) {
        hideLink();
        return loadScript("https://" + admission.domain + "/external_api.js").then(
          function () {
            return admission;
          }
        );
      })
      .then(function (admission) {
        var call = new window.JitsiMeetExternalAPI(admission.domain, {
          roomName: admission.room,
          jwt: admission.jwt || undefined,
          parentNode: container,
          width: "100%",
          height: "100%",
          lang: document.documentElement.lang || "de",
          configOverwrite: options.configOverwrite,
          interfaceConfigOverwrite: options.interfaceConfigOverwrite,
          userInfo: { displayName: admission.name },
        });
        var iframe = call.getIFrame && call.getIFrame();
        if (iframe) {
          iframe.title = messages.frame || "";
        }
        if (options.lobby) {
          // only a moderator may switch the lobby on: wait for the role
          call.addListener("participantRoleChanged", function (event) {
            if (event && event.role === "moderator") {
              call.executeCommand("toggleLobby", true);
            }
          });
        }
        call.addListener("readyToClose", function () {
          call.dispose();
          restoreLink();
          say("ended");
          joinButton.disabled = false;
          joinButton.focus();
        });
        root.classList.add("video-joined");
        say("", "");
      })
      .catch(function (error) {
        say("failed", error && error.message);
        joinButton.disabled = false;
      });
  }

  if (joinButton) {
    joinButton.addEventListener("click", join);
  }
})();
