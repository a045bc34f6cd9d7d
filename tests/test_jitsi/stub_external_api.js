/* Stands in for Jitsi's external_api.js (the server is not reachable in CI): records
 * what the room page passed and embeds an iframe as the real one does. */
window.JitsiMeetExternalAPI = function (domain, options) {
  var copy = {};
  Object.keys(options).forEach(function (key) {
    if (key !== "parentNode") {
      copy[key] = options[key];
    }
  });
  var record = { domain: domain, options: copy, commands: [], listeners: {} };
  window.__jitsi = record;
  var iframe = document.createElement("iframe");
  iframe.src = "https://" + domain + "/" + options.roomName;
  iframe.allow = "camera; microphone; display-capture";
  iframe.style.width = options.width;
  iframe.style.height = "400px";
  options.parentNode.appendChild(iframe);
  this.getIFrame = function () {
    return iframe;
  };
  this.addListener = function (name, listener) {
    record.listeners[name] = listener;
  };
  this.executeCommand = function (name, value) {
    record.commands.push([name, value]);
  };
  this.dispose = function () {
    iframe.remove();
  };
};
